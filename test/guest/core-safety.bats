#!/usr/bin/env bats
# kpatch.ko's unsafe edges (issue 13) in one guest boot: ftrace switched
# off both ways, a registration failing while another task writes
# `enabled`, a bad relocation destination in a module object, a patch of
# the function idle tasks sleep in, /sys/kernel/kpatch read by a user; and
# the build without CONFIG_KPROBES.

load ../lib/guest

# build_safety DIR: kpatch.ko, the patch modules, into DIR
build_safety() {
	local p=$1 m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/safety
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/safety/*.c "$KP_ROOT"/test/core/basic/kpatch_cmdline.c "$w/"
	printf '%s\n' 'obj-m := kpatch_cmdline.o kpatch_victim.o kpatch_badreloc.o kpatch_idle.o' \
		"ccflags-y := -I$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/*.ko "$KP_ROOT/test/core/safety/guest.sh" "$p/"
	awk '$3 == "cmdline_proc_show" { print "old_addr=0x" $1 }' \
		"$KP_KDIR/System.map" >"$p/args"
	[ -s "$p/args" ]
}

@test "core safety: ftrace off both ways, failed registration vs a writer, bad reloc destination, idle tasks, no address for users" {
	local p=$BATS_TEST_TMPDIR/payload
	build_safety "$p"
	kp_guest --timeout 300 "$p" guest.sh
	echo "$output"
	[ "$status" -eq 0 ]
	# ftrace off: refused with the reason, nothing redirected
	[[ "$output" == *"cmdline_proc_show: ftrace refused to redirect it (-EBUSY): kernel.ftrace_enabled is 0"* ]]
	[[ "$output" == *"ftrace off: load refused: console="* ]]
	[[ "$output" == *"ftrace on: kpatched enabled=1"* ]]
	# ... and ftrace cannot be switched off under a patch
	[[ "$output" == *"ftrace kept: ftrace_enabled=1 kpatched"* ]]
	[[ "$output" == *"ftrace free again: console="* ]]
	# registration failing while a writer waits for the mutex: no deadlock
	[[ "$output" == *"kpatch_cmdline: pre-patch sleeps 3000 ms, then fails"* ]]
	[[ "$output" == *"register race: both refused, console="* ]]
	# bad destination refused, and only checked places are cleared
	[[ "$output" == *"kpatch_badreloc: reloc to kpatch_victim_value at kpatch_victim_value+0x0 [kpatch_victim] is outside the module"* ]]
	[[ "$output" == *"bad reloc refused: victim 1515870810 -> 1515870810"* ]]
	# idle tasks are checked
	[[ "$output" =~ "refused after 2 tries: pid 0 (swapper/"[0-9]+") is in schedule_idle" ]]
	[[ "$output" == *"idle patch refused"* ]]
	# a user reads sysfs but no address
	[[ "$output" == *"uid: 1000"* ]]
	[[ "$output" =~ "user read "[1-9][0-9]*" files" ]]
	[[ "$output" != *"user read functions"* ]]
	[[ "$output" != *"user saw an address"* ]]
	[[ "$output" == *"root sees addresses in functions"* ]]
	[[ "$output" == *"safety: done"* ]]
	# kpatch's kernel log shows no address (the guest prints its lines)
	local raw
	raw=$(grep -E 'kpatch.*ffff[0-9a-f]{12}' <<<"$output" || true)
	[ -z "$raw" ]
}

@test "core safety: without CONFIG_KPROBES the build of kpatch.ko stops naming the option" {
	local m=$BATS_TEST_TMPDIR/core
	mkdir -p "$m"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	# The tree's configuration with CONFIG_KPROBES taken away, for kpatch.ko's files only.
	printf '#undef CONFIG_KPROBES\n' >"$m/nokprobes.h"
	run make -C "$KP_KDIR" M="$m" KCFLAGS="-include $m/nokprobes.h" modules
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"kpatch.ko needs CONFIG_KPROBES=y"* ]]
}
