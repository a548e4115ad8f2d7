#!/usr/bin/env bats
# Stress on the debug kernel (lockdep, KASAN, DEBUG_KOBJECT_RELEASE,
# DEBUG_ATOMIC_SLEEP): 1,000 cycles of two stacked patches and an atomic
# replace of both, under load on both vCPUs; the runner fails the test on
# any report in the kernel log. Not timed. KP_STRESS_CYCLES overrides the
# count (KP_KERNEL=debug is what make check sets for the second core run).

load ../lib/guest

@test "core stress: 1,000 stacked apply/replace/revert cycles under load on the debug kernel, no report" {
	[ "${KP_KERNEL:-}" = debug ] || skip "runs on the debug kernel (KP_KERNEL=debug)"
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/stress p=$BATS_TEST_TMPDIR/payload
	local cycles=${KP_STRESS_CYCLES:-1000}
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/stress/*.[ch] "$w/"
	printf '%s\n' 'obj-m := kpatch_stress_a.o kpatch_stress_b.o kpatch_stress_r.o' \
		"ccflags-y := -I$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/*.ko "$KP_ROOT/test/core/stress/guest.sh" "$p/"
	# 3x on the debug kernel (kp_guest)
	kp_guest --timeout 1200 "$p" guest.sh "$cycles"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"cycles: $cycles"* ]]
	[[ "$output" == *"stress: done"* ]]
}
