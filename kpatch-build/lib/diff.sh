# shellcheck shell=bash
# kpatch-build: find each changed object's parent (vmlinux or a module),
# measure the special-section entry sizes of this kernel, run
# create-diff-object on every object pair and link the results.

# create-diff-object's exit statuses (see its --help).
CDO_UNSUPPORTED=2
CDO_NO_CHANGE=3

# "object module" pairs from kbuild's *.mod files (one object path a line).
kb_module_objects() {
	local mod name
	while IFS= read -r mod; do
		name=$(basename "$mod" .mod)
		sed "s|^|${name//-/_} |" "$mod" | awk '{print $2, $1}'
	done < <(cd "$KB_TREE" && find . -name '*.mod' -not -path './scripts/*' | sed 's|^\./||')
}

# kb_parent OBJ: "vmlinux" or the module the object is linked into.
kb_parent() {
	local m
	m=$(awk -v o="$1" '$1 == o { print $2; exit }' "$KB_WORK/module-objects")
	printf '%s\n' "${m:-vmlinux}"
}

# The target module's .ko: in the -s tree, or installed for the running kernel.
kb_target_module() {
	local name=$1 f
	if [ -n "$SRCDIR" ]; then
		f=$(find "$SRCDIR" -name "$name.ko" -o -name "${name//_/-}.ko" | head -n 1)
	else
		f=$(modinfo -n "$name" 2>/dev/null)
	fi
	{ [ -n "$f" ] && [ -f "$f" ]; } || kb_die "cannot find the target module $name.ko (is it built in the -s tree or installed?)"
	printf '%s\n' "$f"
}

# kb_symtab PARENT: write $KB_WORK/symtab.PARENT (readelf -s of the target).
kb_symtab() {
	local parent=$1 out=$KB_WORK/symtab.$1 ko
	if [ ! -f "$out" ]; then
		if [ "$parent" = vmlinux ]; then
			readelf -s --wide "$VMLINUX" >"$out" || kb_die "readelf -s $VMLINUX failed"
		else
			ko=$(kb_target_module "$parent") || exit 1
			case "$ko" in
			*.xz) xz -dc "$ko" >"$KB_WORK/$parent.ko" ;;
			*.zst) zstd -qdc "$ko" >"$KB_WORK/$parent.ko" ;;
			*) cp "$ko" "$KB_WORK/$parent.ko" ;;
			esac
			readelf -s --wide "$KB_WORK/$parent.ko" >"$out" || kb_die "readelf -s $ko failed"
		fi
	fi
}

# Entry sizes of the special sections, measured by compiling the kernel's own
# structure definitions against the target tree.
kb_special_sizes() {
	local dir=$KB_WORK/sizes line
	mkdir -p "$dir"
	cp "$KB_DATA/kpatch-build/special-sizes.c" "$dir/"
	printf 'obj-m := special-sizes.o\n' >"$dir/Kbuild"
	kb_run make -C "$KB_TREE" M="$dir" special-sizes.o ||
		kb_die "measuring special-section entry sizes failed"
	while read -r line; do
		export "${line?}"
		kb_debug "$line"
	done < <(readelf -s --wide "$dir/special-sizes.o" |
		awk '$8 ~ /^kpatch_size_/ { sub("kpatch_size_", "", $8); print $8 "=" $3 }')
}

kb_check_targets() {
	local parent=$1 t
	[ "$parent" = vmlinux ] && return 0
	for t in "${TARGETS[@]}"; do
		[ "${t//-/_}" = "$parent" ] && return 0
	done
	kb_die "the patch changes module $parent: name it with -t $parent"
}

# kb_diff_one OBJ: 0 when an output was written, 1 when the object has no
# change that matters; dies on an unsupported change.
kb_diff_one() {
	local obj=$1 parent orig out symtab rc=0
	parent=$(kb_parent "$obj")
	kb_check_targets "$parent"
	kb_symtab "$parent"
	symtab=$KB_WORK/symtab.$parent
	orig=$KB_CC_DIR/orig/$obj
	[ -f "$orig" ] || kb_die "$obj is a new object file; new source files are not supported (add the code to an existing file)"
	out=$KB_WORK/diff/${obj//\//__}
	mkdir -p "$KB_WORK/diff"
	printf '$ create-diff-object %s (%s)\n' "$obj" "$parent" >>"$KB_LOG"
	"$KB_TOOLS/create-diff-object" "${CDO_FLAGS[@]}" "$orig" "$KB_TREE/$obj" "$parent" \
		"$symtab" "$KB_SYMVERS" "${NAME:?}" "$out" \
		>"$KB_WORK/cdo.out" 2>&1 || rc=$?
	cat "$KB_WORK/cdo.out" >>"$KB_LOG"
	case $rc in
	0) sed 's/^/  /' "$KB_WORK/cdo.out"; return 0 ;;
	"$CDO_NO_CHANGE") kb_say "  $obj: no change that needs patching"; return 1 ;;
	"$CDO_UNSUPPORTED")
		sed 's/^/  /' "$KB_WORK/cdo.out" >&2
		kb_die "unsupported change in $obj (see above)" ;;
	*)
		sed 's/^/  /' "$KB_WORK/cdo.out" >&2
		kb_die "create-diff-object failed on $obj (status $rc)" ;;
	esac
}

kb_diff_all() {
	local obj n=0
	kb_step "comparing ${#KB_CHANGED[@]} changed object(s)"
	(cd "$KB_TREE" && kb_module_objects) >"$KB_WORK/module-objects"
	# The exports of the kernel the patch is for, as its kbuild tree lists them.
	KB_SYMVERS=$(kb_kbuild_dir)/Module.symvers
	[ -f "$KB_SYMVERS" ] || KB_SYMVERS=/dev/null
	kb_special_sizes
	for obj in "${KB_CHANGED[@]}"; do
		if kb_diff_one "$obj"; then
			n=$((n + 1))
		fi
	done
	[ "$n" -gt 0 ] || kb_die "no changed functions found: the patch changes nothing that can be patched (only line numbers or comments?)"
	kb_step "linking $n patched object(s)"
	kb_run ld -m elf_x86_64 -r -o "$KB_WORK/patch.o" "$KB_WORK"/diff/*.o ||
		kb_die "linking the patched objects failed"
}
