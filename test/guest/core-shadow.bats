#!/usr/bin/env bats
# kpatch.ko's shadow variables in a booted guest: a hand-written patch
# (test/core/shadow) replaces comm_show and counts the reads of each task's
# /proc/PID/comm in a shadow variable attached to the task.

load ../lib/guest

@test "core shadow: per-task call counters in shadow variables, concurrent readers, free_all on revert" {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/shadow p=$BATS_TEST_TMPDIR/payload
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/shadow/kpatch_comm.c "$w/"
	# fs/proc/internal.h gives PROC_I(); the core's kpatch.h comes after it.
	printf 'obj-m := kpatch_comm.o\nccflags-y := -I%s/fs/proc -I%s\n' "$KP_KDIR" "$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w/kpatch_comm.ko" "$KP_ROOT/test/core/shadow/guest.sh" "$p/"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$p" guest.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"before: init"* ]]
	[[ "$output" == *"init read 1: init calls=1"* ]]
	[[ "$output" == *"init read 3: init calls=3"* ]]
	[[ "$output" == *"self: sh calls=1"* ]]
	[[ "$output" == *"init read 4: init calls=4"* ]]
	[[ "$output" == *"concurrent: sleep calls=201"* ]]
	[[ "$output" == *"reverted: init"$'\n'* ]]
	[[ "$output" == *"kpatch_comm: shadow selftest ok"* ]]
	[[ "$output" == *"kpatch_comm: counters freed: 3"* ]]
	[[ "$output" == *"shadow: done"* ]]
}
