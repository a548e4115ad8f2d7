#!/usr/bin/env bats
# Stacking and atomic replace in a booted guest, with hand-written patches
# built from test/core/stack/stack.c: s1, s2 (also patches /proc/version),
# s3 on cmdline_proc_show, and r, an atomic-replace patch of cmdline only.

load ../lib/guest

@test "core stack: three stacked patches reverted top down, non-top revert refused, atomic replace of two" {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/stack p=$BATS_TEST_TMPDIR/payload
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/stack/stack.c "$w/"
	printf '#define KP_TAG "s1"\n#include "stack.c"\n' >"$w/kpatch_s1.c"
	printf '#define KP_TAG "s2"\n#define KP_VERSION 1\n#include "stack.c"\n' >"$w/kpatch_s2.c"
	printf '#define KP_TAG "s3"\n#include "stack.c"\n' >"$w/kpatch_s3.c"
	printf '#define KP_TAG "r"\n#define KP_REPLACE 1\n#include "stack.c"\n' >"$w/kpatch_r.c"
	printf 'obj-m := kpatch_s1.o kpatch_s2.o kpatch_s3.o kpatch_r.o\nccflags-y := -I%s -I%s\n' "$m" "$w" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/kpatch_*.ko "$KP_ROOT/test/core/stack/guest.sh" "$p/"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$p" guest.sh
	echo "$output"
	[ "$status" -eq 0 ]
	local orig
	orig=$(sed -n 's/^orig: //p' <<<"$output")
	[[ "$orig" == *" | Linux version" ]]
	local ver=" | Linux version"
	[[ "$output" == *"s1: s1$ver"* ]]
	[[ "$output" == *"s2: s2 | s2 version"* ]]
	[[ "$output" == *"s3: s3 | s2 version"* ]]
	[[ "$output" == *"s1 revert refused: s3 | s2 version"* ]]
	[[ "$output" == *"kpatch_s1: cannot disable: cmdline_proc_show is also replaced by kpatch_s3, which is newer and enabled; disable kpatch_s3 first"* ]]
	[[ "$output" == *"s3 off: s2 | s2 version"* ]]
	[[ "$output" == *"s2 off: s1$ver"* ]]
	[[ "$output" == *"s1 off: $orig"* ]]
	[[ "$output" == *"s3 and s1 on: s3$ver"* ]]
	[[ "$output" == *"s3 off again: s1$ver"* ]]
	[[ "$output" == *"s1 s2 on: s2 | s2 version"* ]]
	[[ "$output" == *"replaced: r$ver"* ]]
	[[ "$output" == *"enabled after replace: s1=0 s2=0 r=1"* ]]
	[[ "$output" == *"replaced patches unloaded"* ]]
	[[ "$output" == *"r off: $orig"* ]]
	# One window for the replace: both replaced patches logged with it.
	local ts='[0-9]+\.[0-9]{6}'
	grep -qE "^$ts replace kpatch_s1 ok retries=0 window_ns=[0-9]+ by=kpatch_r$" <<<"$output"
	grep -qE "^$ts replace kpatch_s2 ok retries=0 window_ns=[0-9]+ by=kpatch_r$" <<<"$output"
	grep -qE "^$ts fail kpatch_s1 err=-1 reason=newer patch enabled$" <<<"$output"
	[[ "$output" == *"stack: done"* ]]
}
