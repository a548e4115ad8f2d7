#!/usr/bin/env bats
# The core's patch timeline (/sys/kernel/kpatch/timeline, what `kpatch log`
# prints) in a booted guest, for vmlinux patches: a refused build address,
# load, apply, revert, re-apply, unload, and a refusal by a busy task, read
# back after the patch modules are gone.

load ../lib/guest

@test "core timeline: every vmlinux event in order, kept after the patches are unloaded" {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/mods p=$BATS_TEST_TMPDIR/payload
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/basic/kpatch_cmdline.c "$KP_ROOT"/test/core/busy/*.c "$w/"
	printf 'obj-m := kpatch_cmdline.o sleeper.o kpatch_msleep.o\nccflags-y := -I%s\n' "$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/*.ko "$KP_ROOT/test/core/timeline/guest.sh" "$p/"
	local slow=1
	[ "${KP_KERNEL:-}" != debug ] || slow=4
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" --timeout 300 "$p" guest.sh "$slow"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"small reads agree"* ]]
	local tl n='[0-9]+' ts='[0-9]+\.[0-9]{6}'
	tl=$(sed -n '/^timeline:$/,/^small reads/p' <<<"$output" | sed '1d;$d')
	# busybox insmod retries a failed finit_module with init_module, so
	# each refused load may show up twice.
	run bash -c "awk '{ print \$2, \$3 }' | tr '\n' ,"  <<<"$tl"
	[[ "$output" =~ ^(fail\ kpatch_cmdline,)+load\ kpatch_cmdline,apply\ kpatch_cmdline,revert\ kpatch_cmdline,apply\ kpatch_cmdline,revert\ kpatch_cmdline,unload\ kpatch_cmdline,(load\ kpatch_msleep,refuse\ kpatch_msleep,unload\ kpatch_msleep,)+$ ]]
	# every line starts with a timestamp
	run grep -cvE "^$ts " <<<"$tl"
	[ "$output" = 0 ]
	grep -qE "^$ts fail kpatch_cmdline err=-22 reason=cmdline_proc_show$" <<<"$tl"
	grep -qE "^$ts load kpatch_cmdline ok$" <<<"$tl"
	grep -qE "^$ts apply kpatch_cmdline ok retries=0 window_ns=$n$" <<<"$tl"
	grep -qE "^$ts revert kpatch_cmdline ok retries=0 window_ns=$n$" <<<"$tl"
	grep -qE "^$ts unload kpatch_cmdline ok$" <<<"$tl"
	grep -qE "^$ts refuse kpatch_msleep err=-16 retries=2 window_ns=$n busy=$n:kpatch-sleeper:msleep_interruptible$" <<<"$tl"
}
