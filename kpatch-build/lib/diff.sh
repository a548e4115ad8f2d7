# shellcheck shell=bash
# kpatch-build: find each changed object's parent (vmlinux or a module),
# measure the special-section entry sizes of this kernel, run
# create-diff-object on every object pair and link the results.

# create-diff-object's exit statuses (see its --help).
CDO_UNSUPPORTED=2
CDO_NO_CHANGE=3

# kb_parent OBJ: "vmlinux" or the module OBJ is linked into, from the flags
# kbuild compiled it with (-DMODULE, KBUILD_MODNAME: x86.o of kvm says kvm).
kb_parent() {
	local obj=$1 cmd name
	if [ -n "$KB_OOT_NAME" ]; then
		printf '%s\n' "$KB_OOT_NAME"
		return
	fi
	cmd=$KB_TREE/$(kb_cmd_file "$obj")
	if [ -f "$cmd" ] && sed -n "s|^cmd_$obj := ||p" "$cmd" | grep -w -- -DMODULE >/dev/null; then
		name=$(sed -n "s|^cmd_$obj := .*-DKBUILD_MODNAME='\"\([^\"]*\)\"'.*|\1|p" "$cmd")
		[ -n "$name" ] || kb_die "cannot tell which module $obj belongs to (no KBUILD_MODNAME in $cmd)"
		[[ "$name" != *:* ]] || kb_die "$obj is linked into several modules (${name//:/, }); patch one module's copy at a time is not supported"
		printf '%s\n' "$name"
		return
	fi
	# ar prints a thin archive's members relative to the current directory.
	(cd "$KB_TREE" && ar t vmlinux.a 2>/dev/null) | grep -xF "$obj" >/dev/null ||
		kb_die "${obj%.o}.c is not built into vmlinux or a module with this kernel config"
	printf 'vmlinux\n'
}

# The target module's .ko: in the -s tree (modules.order, kbuild's list of
# its modules), or installed for the target kernel release.
kb_target_module() {
	local name=$1 f=""
	if [ -n "$KB_OOT_MODULE" ]; then
		printf '%s\n' "$KB_OOT_MODULE"
		return
	fi
	if [ -n "$SRCDIR" ]; then
		f=$(sed 's/\.o$/.ko/' "$SRCDIR/modules.order" 2>/dev/null |
			awk -v n="$name" '{ b = $0; sub(".*/", "", b); sub("\\.ko$", "", b); gsub("-", "_", b)
				if (b == n) { print; exit } }')
		[ -z "$f" ] || f=$SRCDIR/$f
	else
		f=$(modinfo -k "$KB_KREL" -n "$name" 2>/dev/null)
	fi
	{ [ -n "$f" ] && [ -f "$f" ]; } || kb_die "cannot find the target module $name.ko (built in the -s tree, or installed for $KB_KREL)"
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
# structure definitions against the target tree; kept per tree and
# special-sizes.c, as they change only with them.
kb_special_sizes() {
	local tree=$1 dir=$KB_WORK/sizes key cached line
	key=$({ realpath "$tree"; stat -c %Y "$tree/.config"; cat "$KB_DATA/kpatch-build/special-sizes.c"; } |
		sha256sum | cut -c1-16)
	cached=$KB_CACHE/sizes/$key
	if [ ! -s "$cached" ]; then
		mkdir -p "$dir" "$(dirname "$cached")"
		cp "$KB_DATA/kpatch-build/special-sizes.c" "$dir/"
		printf 'obj-m := special-sizes.o\n' >"$dir/Kbuild"
		kb_run make -C "$tree" M="$dir" special-sizes.o ||
			kb_die "measuring special-section entry sizes failed"
		readelf -s --wide "$dir/special-sizes.o" |
			awk '$8 ~ /^kpatch_size_/ { sub("kpatch_size_", "", $8); print $8 "=" $3 }' >"$cached.tmp"
		[ -s "$cached.tmp" ] || kb_die "no special-section sizes found in special-sizes.o"
		mv "$cached.tmp" "$cached"
	fi
	while read -r line; do
		export "${line?}"
		kb_debug "$line"
	done <"$cached"
}

# The exports the patch may link against: the target's kbuild tree's
# Module.symvers (and an out-of-tree module's own).
kb_symvers_file() {
	local f
	f=$(kb_kbuild_dir)/Module.symvers
	if [ -n "$KB_OOT_MODULE" ]; then
		cat "$KB_OBJ_BASE/Module.symvers" "$f" >"$KB_WORK/Module.symvers" 2>/dev/null || true
		printf '%s\n' "$KB_WORK/Module.symvers"
	elif [ -f "$f" ]; then
		printf '%s\n' "$f"
	else
		printf '/dev/null\n'
	fi
}

# The global symbols the patched objects define and their originals do not:
# new functions and variables that another object of the patch may use
# (a new function in a vmlinux file called from a module's file). The differ
# sees one object at a time; with this list (KPATCH_NEW_SYMBOLS) it leaves
# references to them to the linker, as every object goes into one patch
# module, instead of looking for them in the kernel. Changed functions are
# defined in both objects, so never listed.
kb_new_symbols() {
	local obj orig
	for obj in "${KB_CHANGED[@]}"; do
		orig=$KB_CC_DIR/orig/$obj
		[ -f "$orig" ] || continue
		comm -13 <(nm --defined-only "$orig" | awk 'NF == 3 { print $3 }' | sort -u) \
			<(nm --defined-only "$KB_OBJ_BASE/$obj" | awk 'NF == 3 && $2 ~ /^[A-Z]$/ { print $3 }' | sort -u)
	done | sort -u
}

KB_REFUSED=()

# kb_diff_one OBJ: 0 when an output was written, 1 when the object has no
# change that matters or is refused (added to KB_REFUSED); dies on an error.
kb_diff_one() {
	local obj=$1 parent orig out symtab facts rc=0
	parent=$(kb_parent "$obj") || exit 1
	kb_symtab "$parent"
	symtab=$KB_WORK/symtab.$parent
	orig=$KB_CC_DIR/orig/$obj
	[ -f "$orig" ] || kb_die "$obj is a new object file; new source files are not supported (add the code to an existing file)"
	out=$KB_WORK/diff/${obj//\//__}
	mkdir -p "$KB_WORK/diff"
	facts=$KB_WORK/facts/${obj//\//__}
	rm -f "$facts"
	printf '$ create-diff-object %s (%s)\n' "$obj" "$parent" >>"$KB_LOG"
	KPATCH_REPORT_FACTS=$facts KPATCH_NEW_SYMBOLS=$KB_WORK/new-symbols \
		"$KB_TOOLS/create-diff-object" "${CDO_FLAGS[@]}" "$orig" "$KB_OBJ_BASE/$obj" "$parent" \
		"$symtab" "$KB_SYMVERS" "${MODNAME//-/_}" "$out" \
		>"$KB_WORK/cdo.out" 2>&1 || rc=$?
	cat "$KB_WORK/cdo.out" >>"$KB_LOG"
	kb_report_object "$obj" "$parent" "$rc" "$facts" "$KB_WORK/cdo.out"
	[ "$rc" -ne "$CDO_UNSUPPORTED" ] || : >"$KB_WORK/.refused"
	case $rc in
	0) sed 's/^/  /' "$KB_WORK/cdo.out"; return 0 ;;
	"$CDO_NO_CHANGE") kb_say "  $obj: no change that needs patching"; return 1 ;;
	"$CDO_UNSUPPORTED")
		# The other objects are still compared, so that the report and
		# the log list every refusal; kb_diff_all stops the build.
		sed 's/^/  /' "$KB_WORK/cdo.out" >&2
		KB_REFUSED+=("$obj: $(kb_first_refusal "$KB_WORK/cdo.out")")
		return 1 ;;
	*)
		sed 's/^/  /' "$KB_WORK/cdo.out" >&2
		kb_die "create-diff-object failed on $obj (status $rc)" ;;
	esac
}

# kb_first_refusal OUT: the differ's first refusal, without its prefix, and
# how many more there are (the message that ends a refused build).
kb_first_refusal() {
	local n first
	n=$(grep -c ': unsupported: ' "$1") || true
	first=$(sed -n 's/^[^:]*: unsupported: //p' "$1" | head -n 1)
	if [ -z "$first" ]; then
		echo "see above"
	elif [ "$n" -gt 1 ]; then
		echo "$first (and $((n - 1)) more, see above)"
	else
		echo "$first"
	fi
}

kb_diff_all() {
	local obj n=0
	kb_step "comparing ${#KB_CHANGED[@]} changed object(s)"
	: >"$KB_WORK/.differ"
	KB_SYMVERS=$(kb_symvers_file)
	if [ -n "$KB_OOT_MODULE" ]; then
		kb_special_sizes "$KB_OOT_KDIR"
	else
		kb_special_sizes "$KB_TREE"
	fi
	kb_new_symbols >"$KB_WORK/new-symbols" || kb_die "listing the patched objects' new symbols failed"
	[ ! -s "$KB_WORK/new-symbols" ] || kb_debug "new global symbols: $(tr '\n' ' ' <"$KB_WORK/new-symbols")"
	for obj in "${KB_CHANGED[@]}"; do
		if kb_diff_one "$obj"; then
			n=$((n + 1))
		fi
	done
	if [ "${#KB_REFUSED[@]}" -gt 1 ]; then
		kb_die "unsupported change in ${KB_REFUSED[0]}; and in $((${#KB_REFUSED[@]} - 1)) more object(s), see above"
	elif [ "${#KB_REFUSED[@]}" -eq 1 ]; then
		kb_die "unsupported change in ${KB_REFUSED[0]}"
	fi
	[ "$n" -gt 0 ] || kb_die "no changed functions found: the patch changes nothing that can be patched (only line numbers or comments?)"
	kb_step "linking $n patched object(s)"
	kb_run ld -m elf_x86_64 -r -o "$KB_WORK/patch.o" "$KB_WORK"/diff/*.o ||
		kb_die "linking the patched objects failed"
}
