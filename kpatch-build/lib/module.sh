# shellcheck shell=bash
# kpatch-build: turn the linked patch object into the patch module with the
# target's kbuild, so its vermagic and symbol versions match that kernel.

# The kbuild tree whose vermagic the module must carry: KPATCH_KBUILD_DIR,
# else a built -s tree, else the running kernel's, else the cached tree.
kb_kbuild_dir() {
	if [ -n "${KPATCH_KBUILD_DIR:-}" ]; then
		printf '%s\n' "$KPATCH_KBUILD_DIR"
	elif [ -n "$SRCDIR" ] && [ -f "$SRCDIR/Module.symvers" ]; then
		printf '%s\n' "$SRCDIR"
	elif [ -z "$SRCDIR" ] && [ -d "/lib/modules/$KB_KREL/build" ]; then
		printf '/lib/modules/%s/build\n' "$KB_KREL"
	else
		printf '%s\n' "$KB_TREE"
	fi
}

# The core module's exported symbols, for modpost to resolve kpatch_register:
# built once per kbuild tree and core source, then reused.
kb_core_symvers() {
	local kdir=$1 key dir
	key=$({
		realpath "$kdir"
		stat -c %Y "$kdir/Module.symvers" 2>/dev/null || true
		cat "$KB_DATA"/kmod/core/Kbuild "$KB_DATA"/kmod/core/*.[ch]
	} | sha256sum | cut -c1-16)
	dir=$KB_CACHE/core/$key
	if [ ! -f "$dir/Module.symvers" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		cp "$KB_DATA"/kmod/core/Kbuild "$KB_DATA"/kmod/core/*.[ch] "$dir/"
		rm -f "$dir"/*.mod.c
		kb_run make -C "$kdir" M="$dir" modules || {
			rm -f "$dir/Module.symvers"
			kb_die "building the core module against $kdir failed"
		}
	fi
	printf '%s\n' "$dir/Module.symvers"
}

# create-kpatch-module checks the linked records; its status 3 means the
# objects add code that nothing calls and replace no function.
kb_check_module_records() {
	local rc=0 why
	kb_run "$KB_TOOLS/create-kpatch-module" "$KB_WORK/patch.o" "$KB_WORK/output.o" || rc=$?
	[ "$rc" -ne 0 ] || return 0
	if [ "$rc" -eq "$CDO_NO_CHANGE" ]; then
		why=$(sed -n 's/^.*: ERROR: no function of the kernel is replaced/no function of the kernel is replaced/p' "$KB_LOG" | tail -n 1)
		kb_die "no changed functions found: ${why:-the patch would do nothing}"
	fi
	kb_die "create-kpatch-module failed"
}

kb_build_module() {
	local kdir dir=$KB_WORK/module symvers
	kdir=$(kb_kbuild_dir)
	kb_step "building $MODNAME.ko against $kdir"
	kb_check_module_records
	kb_add_checksum "$KB_WORK/output.o" "$REPLACE"
	# After the checksum: the report (its date) is no part of the identity.
	kb_report_write built "" || kb_die "writing the report failed"
	kb_report_embed "$KB_WORK/output.o"
	symvers=$(kb_core_symvers "$kdir") || exit 1
	mkdir -p "$dir"
	cp -r "$KB_DATA/kmod/patch/." "$dir/"
	cp "$KB_DATA/kmod/core/kpatch.h" "$dir/"
	cp "$KB_WORK/output.o" "$dir/output.o"
	kb_run make -C "$kdir" M="$dir" KPATCH_MODULE="$MODNAME" KPATCH_REPLACE="$REPLACE" \
		KBUILD_EXTRA_SYMBOLS="$symvers" modules ||
		kb_die "building the patch module failed"
	[ -f "$dir/$MODNAME.ko" ] || kb_die "$MODNAME.ko was not built"
	kb_sign_module "$kdir" "$dir/$MODNAME.ko"
	cp "$dir/$MODNAME.ko" "$OUTDIR/" || kb_die "cannot write $OUTDIR/$MODNAME.ko"
	kb_report_publish || kb_die "cannot write $OUTDIR/$MODNAME.report"
	kb_say "wrote $OUTDIR/$MODNAME.ko (checksum $KB_CHECKSUM)"
}
