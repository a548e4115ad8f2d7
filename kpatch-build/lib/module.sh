# shellcheck shell=bash
# kpatch-build: turn the linked patch object into kpatch-NAME.ko with the
# target's kbuild, so its vermagic and symbol versions match that kernel.

# The kbuild tree whose vermagic the module must carry: KPATCH_KBUILD_DIR,
# else a built -s tree, else the running kernel's, else the cached tree.
kb_kbuild_dir() {
	if [ -n "${KPATCH_KBUILD_DIR:-}" ]; then
		printf '%s\n' "$KPATCH_KBUILD_DIR"
	elif [ -n "$SRCDIR" ] && [ -f "$SRCDIR/Module.symvers" ]; then
		printf '%s\n' "$SRCDIR"
	elif [ -z "$SRCDIR" ] && [ -d "/lib/modules/$(uname -r)/build" ]; then
		printf '/lib/modules/%s/build\n' "$(uname -r)"
	else
		printf '%s\n' "$KB_TREE"
	fi
}

# The core module's exported symbols, for modpost to resolve kpatch_register.
kb_core_symvers() {
	local kdir=$1 dir=$KB_WORK/core
	mkdir -p "$dir"
	cp -r "$KB_DATA/kmod/core/." "$dir/"
	kb_run make -C "$kdir" M="$dir" modules || kb_die "building the core module against $kdir failed"
	printf '%s\n' "$dir/Module.symvers"
}

kb_build_module() {
	local kdir dir=$KB_WORK/module symvers
	kdir=$(kb_kbuild_dir)
	kb_step "building kpatch-$NAME.ko against $kdir"
	kb_run "$KB_TOOLS/create-kpatch-module" "$KB_WORK/patch.o" "$KB_WORK/output.o" ||
		kb_die "create-kpatch-module failed"
	kb_add_checksum "$KB_WORK/output.o" "$REPLACE"
	symvers=$(kb_core_symvers "$kdir")
	mkdir -p "$dir"
	cp -r "$KB_DATA/kmod/patch/." "$dir/"
	cp "$KB_DATA/kmod/core/kpatch.h" "$dir/"
	cp "$KB_WORK/output.o" "$dir/output.o"
	kb_run make -C "$kdir" M="$dir" KPATCH_NAME="$NAME" KPATCH_REPLACE="$REPLACE" \
		KBUILD_EXTRA_SYMBOLS="$symvers" modules ||
		kb_die "building the patch module failed"
	kb_sign_module "$kdir" "$dir/kpatch-$NAME.ko"
	mkdir -p "$OUTDIR"
	cp "$dir/kpatch-$NAME.ko" "$OUTDIR/" || kb_die "kpatch-$NAME.ko was not built"
	kb_say "wrote $OUTDIR/kpatch-$NAME.ko (checksum $KB_CHECKSUM)"
}
