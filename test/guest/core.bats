#!/usr/bin/env bats
# kpatch.ko core in a booted guest: apply a hand-written patch to
# cmdline_proc_show, check /proc/cmdline before, during and after, revert and
# re-apply through sysfs, refuse a wrong recorded address.

load ../lib/guest

# build_core_case KDIR: kpatch.ko and the test patch into $BATS_TEST_TMPDIR/payload
build_core_case() {
	local kdir=$1 m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/patch
	mkdir -p "$m" "$w" "$BATS_TEST_TMPDIR/payload"
	cp "$KP_ROOT"/kmod/core/* "$m/"
	kp_build_module "$m" "$kdir"
	cp "$KP_ROOT"/test/core/basic/kpatch_cmdline.c "$w/"
	printf 'obj-m := kpatch_cmdline.o\nccflags-y := -I%s\n' "$m" >"$w/Kbuild"
	make -C "$kdir" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w/kpatch_cmdline.ko" \
		"$KP_ROOT/test/core/basic/guest.sh" "$BATS_TEST_TMPDIR/payload/"
}

# sym_args SYSTEM_MAP VMLINUX: module parameters with the build's address/size
sym_args() {
	local addr size
	addr=$(awk '$3 == "cmdline_proc_show" { print $1 }' "$1")
	[ -n "$addr" ] || return 1
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		size=$(nm -S "$2" | awk '$4 == "cmdline_proc_show" { print $2 }')
		printf 'old_addr=0x%s old_size=0x%s\n' "$addr" "$size"
	else
		printf 'old_addr=0x%s\n' "$addr"
	fi
}

check_output() {
	echo "$output"
	[ "$status" -eq 0 ]
	# as offsets in the image: 0xffffffff81000010 is _text+0x10 in the build
	[[ "$output" == *"address mismatch: expected _text+0x10, found _text+0x"* ]]
	[[ "$output" == *"refused bad address: console="* ]]
	[[ "$output" == *"cmdline_proc_show: size mismatch: expected 0x"*"(plus alignment padding), found 0x"* ]]
	[[ "$output" == *"refused bad size: console="* ]]
	[[ "$output" == *"no livepatch taint yet"* ]]
	[[ "$output" == *"livepatch taint set"* ]]
	[[ "$output" == *"applied: kpatched enabled=1"* ]]
	[[ "$output" == *"functions listed"* ]]
	[[ "$output" == *"reverted: console="* ]]
	[[ "$output" == *"reapplied: kpatched"* ]]
	[[ "$output" == *"after: console="* ]]
}

@test "core: apply, sysfs revert/re-apply and wrong-address refusal on the test kernel" {
	build_core_case "$KP_KDIR"
	sym_args "$KP_KDIR/System.map" "$KP_KDIR/vmlinux" >"$BATS_TEST_TMPDIR/payload/args"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$BATS_TEST_TMPDIR/payload" guest.sh
	check_output
}

@test "core: the same basic test on Debian's cloud kernel (name/offset verified)" {
	[ "${KP_KERNEL:-}" != debug ] || skip "a Debian kernel case"
	# Debian's System.map is a placeholder (the real one is in -dbg), so
	# no build address is recorded: the core still checks name and offset.
	build_core_case "$KP_DEBIAN_KDIR"
	: >"$BATS_TEST_TMPDIR/payload/args"
	kp_guest --debian "$BATS_TEST_TMPDIR/payload" guest.sh
	check_output
}

# endbr_entry KO FUNC: FUNC (in .text) starts with ENDBR64, which objtool
# did not seal (no .ibt_endbr_seal entry at it), so an indirect call or
# ftrace's return may land on it under IBT.
endbr_entry() {
	local ko=$1 func=$2 off
	off=$(nm "$ko" | awk -v f="$func" '$3 == f && $2 ~ /^[tT]$/ { print $1 }')
	[ -n "$off" ] || { echo "$func not in $ko" >&2; return 1; }
	objdump -d --disassemble="$func" "$ko" | grep -A1 "<$func>:" |
		grep -q 'f3 0f 1e fa.*endbr64' || { echo "$func does not start with endbr64" >&2; return 1; }
	if readelf -rW "$ko" | sed -n '/ibt_endbr_seal/,/^$/p' |
		grep -qE "\.text \+ 0*$(printf '%x' "0x$off")\$"; then
		echo "$func's ENDBR is sealed in $ko" >&2
		return 1
	fi
}

@test "core: the same basic test on Debian's 6.12 cloud kernel (IBT, call padding; name/offset verified)" {
	[ "${KP_KERNEL:-}" != debug ] || skip "a Debian kernel case"
	local abi kdir
	abi=$("$KP_ROOT/scripts/debian-abi.sh" --series 6.12)
	kdir=/usr/src/linux-headers-$abi-cloud-amd64
	grep -qx CONFIG_X86_KERNEL_IBT=y "$kdir/.config"
	build_core_case "$kdir"
	# The replacement keeps its ENDBR with the fentry call right after
	# it; ftrace's handler is reachable through a pointer.
	endbr_entry "$BATS_TEST_TMPDIR/payload/kpatch_cmdline.ko" new_cmdline_proc_show
	objdump -d --disassemble=new_cmdline_proc_show "$BATS_TEST_TMPDIR/payload/kpatch_cmdline.ko" |
		grep -A2 '<new_cmdline_proc_show>:' | grep -q '^ *[0-9a-f]*:.*e8 00 00 00 00.*call'
	endbr_entry "$BATS_TEST_TMPDIR/payload/kpatch.ko" kpatch_handler
	: >"$BATS_TEST_TMPDIR/payload/args"
	cp "$KP_ROOT/test/core/basic/ibt.sh" "$BATS_TEST_TMPDIR/payload/"
	kp_guest --debian 6.12 --timeout 300 "$BATS_TEST_TMPDIR/payload" ibt.sh
	check_output
	# ftrace's site is after the ENDBR, the padding before the symbol.
	[[ "$output" == *"fentry site: symbol+4"* ]]
	[[ "$output" == *"prefix symbol: symbol-16"* ]]
	[[ "$output" == *"ibt_sealed: "* ]]
}

@test "core: refused while a kthread sleeps in the target, accepted after it leaves, forced at once; a forced patch's module stays after its revert" {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/busy
	mkdir -p "$m" "$w" "$BATS_TEST_TMPDIR/payload"
	cp "$KP_ROOT"/kmod/core/* "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/busy/*.c "$w/"
	printf 'obj-m := sleeper.o kpatch_msleep.o\nccflags-y := -I%s\n' "$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	make -C "$KP_ROOT/kpatch" >"$w/kpatch.log" 2>&1 || {
		cat "$w/kpatch.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/*.ko "$KP_ROOT/kpatch/kpatch" "$KP_ROOT/test/core/busy/guest.sh" \
		"$BATS_TEST_TMPDIR/payload/"
	local slow=1
	[ "${KP_KERNEL:-}" != debug ] || slow=4
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$BATS_TEST_TMPDIR/payload" guest.sh "$slow"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"refused after 3 tries: pid "*" (kpatch-sleeper) is in msleep_interruptible"* ]]
	[[ "$output" == *"refused while busy"* ]]
	[[ "$output" == *"accepted after leaving: enabled=1"* ]]
	[[ "$output" == *"forced: enabled=1 forced=1"* ]]
	[[ "$output" == *"kpatch_msleep: msleep_interruptible was applied without the activeness check (forced); the patch module can no longer be unloaded"* ]]
	[[ "$output" == *"forced reverted: enabled=0"* ]]
	[[ "$output" == *"forced module kept: 1"* ]]
	[[ "$output" == *"kpatch_msleep stays loaded (disabled): it applied a forced function"* ]]
	[[ "$output" == *"sleeper left the replacement"* ]]
	[[ "$output" == *"busy: done"* ]]
}

@test "core: 200 revert/apply cycles under load on both vCPUs, no Oops or WARNING" {
	build_core_case "$KP_KDIR"
	cp "$KP_ROOT/test/core/basic/stress.sh" "$BATS_TEST_TMPDIR/payload/"
	# The runner exits 125 on any Oops/WARNING/lockup in the console log.
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" --timeout 400 \
		"$BATS_TEST_TMPDIR/payload" stress.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"cycles: 200 kpatched"* ]]
	[[ "$output" == *"stress: done"* ]]
}

@test "core: the same basic test on the 6.12 test kernel (IBT, call padding, call-depth tracking)" {
	[ "${KP_KERNEL:-}" != debug ] || skip "a 6.12 case"
	local kdir
	kdir=$("$KP_ROOT/test/kernel/build-kernel.sh" --series 6.12 --dir)
	# Not built by make check yet (a cold build takes about 40 minutes):
	# run when a session built it (make test-kernel-6.12).
	[ -f "$kdir/arch/x86/boot/bzImage" ] || skip "the 6.12 test kernel is not built"
	grep -qx CONFIG_MITIGATION_CALL_DEPTH_TRACKING=y "$kdir/.config"
	build_core_case "$kdir"
	endbr_entry "$BATS_TEST_TMPDIR/payload/kpatch_cmdline.ko" new_cmdline_proc_show
	endbr_entry "$BATS_TEST_TMPDIR/payload/kpatch.ko" kpatch_handler
	: >"$BATS_TEST_TMPDIR/payload/args"
	cp "$KP_ROOT/test/core/basic/ibt.sh" "$BATS_TEST_TMPDIR/payload/"
	kp_guest --kernel "$kdir/arch/x86/boot/bzImage" --timeout 300 "$BATS_TEST_TMPDIR/payload" ibt.sh
	check_output
	[[ "$output" == *"fentry site: symbol+4"* ]]
	[[ "$output" == *"prefix symbol: symbol-16"* ]]
}
