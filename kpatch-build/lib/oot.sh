# shellcheck shell=bash
# kpatch-build: patching an out-of-tree module (--oot-module KO
# --oot-module-src DIR, as upstream). The module's source is copied into the
# scratch directory and built twice against the target's kbuild tree (-s, or
# /lib/modules/RELEASE/build for the release in KO's vermagic), before and
# after the patches; its changed objects are diffed against KO.

KB_OOT_KDIR=""

kb_oot_resolve() {
	[ -n "$KB_OOT_MODULE$KB_OOT_SRC" ] || return 0
	[ -n "$KB_OOT_MODULE" ] || kb_die "--oot-module-src requires --oot-module"
	[ -n "$KB_OOT_SRC" ] || kb_die "--oot-module requires --oot-module-src"
	kb_need_tool modinfo
	[ -f "$KB_OOT_MODULE" ] || kb_die "out-of-tree module $KB_OOT_MODULE not found"
	[ -d "$KB_OOT_SRC" ] || kb_die "out-of-tree module source directory $KB_OOT_SRC not found"
	KB_OOT_MODULE=$(realpath "$KB_OOT_MODULE")
	KB_OOT_SRC=$(realpath "$KB_OOT_SRC")
	KB_OOT_NAME=$(modinfo -F name "$KB_OOT_MODULE" 2>/dev/null) || true
	[ -n "$KB_OOT_NAME" ] || KB_OOT_NAME=$(basename "$KB_OOT_MODULE" .ko)
	KB_OOT_NAME=${KB_OOT_NAME//-/_}
	KB_KREL=$(modinfo -F vermagic "$KB_OOT_MODULE" 2>/dev/null | awk '{ print $1 }')
	[ -n "$KB_KREL" ] || kb_die "$KB_OOT_MODULE has no vermagic: not a kernel module"
	if [ -n "$SRCDIR" ]; then
		KB_OOT_KDIR=$(realpath "$SRCDIR")
	else
		KB_OOT_KDIR=/lib/modules/$KB_KREL/build
	fi
	[ -f "$KB_OOT_KDIR/Makefile" ] ||
		kb_die "no kbuild tree for $KB_KREL at $KB_OOT_KDIR (install its headers, or give the built tree with -s)"
	[ -n "$CONFIGFILE" ] || CONFIGFILE=$KB_OOT_KDIR/.config
	[ -f "$CONFIGFILE" ] || kb_die "kernel config $CONFIGFILE not found (use -c)"
	# The compiler check reads the module's .comment; no vmlinux is needed.
	# shellcheck disable=SC2034 # read by kb_check_compiler
	VMLINUX=$KB_OOT_MODULE
	: "${KPATCH_KBUILD_DIR:=$KB_OOT_KDIR}"
}

kb_oot_make() {
	kb_run env PATH="$(dirname "$KB_CC"):$PATH" KPATCH_CC_OOT="$KB_OBJ_BASE" \
		KPATCH_CC_INCLUDE="$KB_DATA/kmod/patch:$KB_DATA/kmod/core" \
		make -C "$KB_OOT_KDIR" M="$KB_OBJ_BASE" -j"$JOBS" CC="kpatch-cc gcc" \
		KCFLAGS="-ffunction-sections -fdata-sections" modules
}

kb_oot_build() {
	local p
	KB_OBJ_BASE=$KB_WORK/oot
	kb_step "building the original $KB_OOT_NAME from $KB_OOT_SRC"
	kb_run rsync -a --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='Module.symvers' --exclude='modules.order' \
		"$KB_OOT_SRC/" "$KB_OBJ_BASE/" || kb_die "copying $KB_OOT_SRC failed"
	kb_oot_make || kb_die "the original $KB_OOT_NAME failed to build against $KB_OOT_KDIR"
	for p in "${PATCHES[@]}"; do
		kb_step "applying $(basename "$p")"
		kb_run patch -d "$KB_OBJ_BASE" -p1 -N <"$p" || kb_die "applying $p failed"
	done
	kb_apply_line_directives "$KB_OOT_SRC" "$KB_OBJ_BASE"
	KB_CC_DIR=$KB_WORK/cc
	mkdir -p "$KB_CC_DIR/orig"
	: >"$KB_CC_DIR/changed-objects"
	kb_step "building the patched $KB_OOT_NAME"
	KPATCH_CC_MODE=patched KPATCH_CC_DIR=$KB_CC_DIR kb_oot_make ||
		kb_die "the patched $KB_OOT_NAME failed to build"
	kb_changed_objects
}
