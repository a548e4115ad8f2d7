#!/usr/bin/env bats
# A module built here loads and unloads in a booted guest: on our test kernel
# and on Debian's shipped cloud kernel.

load ../lib/guest

smoke_on() {
	local kdir=$1
	shift
	cp "$KP_ROOT"/test/smoke/* "$BATS_TEST_TMPDIR/"
	kp_build_module "$BATS_TEST_TMPDIR" "$kdir"
	mkdir -p "$BATS_TEST_TMPDIR/payload"
	cp "$BATS_TEST_TMPDIR"/kpatch_smoke.ko "$BATS_TEST_TMPDIR"/guest.sh "$BATS_TEST_TMPDIR/payload/"
	kp_guest "$@" "$BATS_TEST_TMPDIR/payload" guest.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"cpus: 2"* ]]
	[[ "$output" == *"kpatch-smoke: hello, 2 cpus online"* ]]
	[[ "$output" == *"kpatch-smoke: goodbye"* ]]
}

@test "smoke: module loads and unloads on the test kernel with 2 CPUs" {
	smoke_on "$KP_KDIR"
	[[ "$output" == *"smoke: ok on 6.1.192"* ]]
}

@test "smoke: module loads and unloads on Debian's cloud kernel" {
	smoke_on "$KP_DEBIAN_KDIR" --debian
	[[ "$output" == *"smoke: ok on $KP_DEBIAN_ABI-cloud-amd64"* ]]
}

@test "runner: a kernel WARNING fails the run even when the script passes" {
	cp "$KP_ROOT"/test/smoke/* "$BATS_TEST_TMPDIR/"
	kp_build_module "$BATS_TEST_TMPDIR"
	mkdir -p "$BATS_TEST_TMPDIR/payload"
	cp "$BATS_TEST_TMPDIR/kpatch_warn.ko" "$BATS_TEST_TMPDIR/payload/"
	printf 'insmod ./kpatch_warn.ko && echo loaded\n' >"$BATS_TEST_TMPDIR/payload/warn.sh"
	kp_guest "$BATS_TEST_TMPDIR/payload" warn.sh
	[ "$status" -eq 125 ]
	[[ "$output" == *loaded* ]]
}

@test "runner: the script's exit status reaches the host" {
	mkdir -p "$BATS_TEST_TMPDIR/payload"
	printf 'echo seven; exit 7\n' >"$BATS_TEST_TMPDIR/payload/seven.sh"
	kp_guest "$BATS_TEST_TMPDIR/payload" seven.sh
	[ "$status" -eq 7 ]
	[ "${lines[0]}" = seven ]
}
