#!/usr/bin/env bats
# The kpatch command on the test kernel, in a busybox guest: the static
# binary loads the core and a real patch built by kpatch-build, lists it,
# shows its info and the timeline, reloads, unloads, installs and loads
# --all, and refuses a module for another kernel and a non-patch module.

load ../lib/guest

setup_file() {
	make -s -C "$KP_ROOT/kpatch" >&2
}

# A plain module (the smoke test's) built for KDIR, copied to OUT.
plain_module() {
	local kdir=$1 out=$2 dir
	dir=$(mktemp -d "$BATS_TEST_TMPDIR/plain.XXXXXX")
	cp "$KP_ROOT"/test/smoke/* "$dir/"
	kp_build_module "$dir" "$kdir"
	cp "$dir/kpatch_smoke.ko" "$out"
}

@test "cli guest: load, list, info, log, unload, install and load --all" {
	local payload=$BATS_TEST_TMPDIR/payload log=$BATS_TEST_TMPDIR/build.log
	mkdir -p "$payload"
	make -C "$KP_ROOT/kmod" KDIR="$KP_KDIR" >"$log" 2>&1 || { tail -n 30 "$log"; false; }
	run "$KP_ROOT/kpatch-build/kpatch-build" -s "$KP_KDIR" -n kpatch-cli \
		-o "$BATS_TEST_TMPDIR" "$KP_ROOT/examples/cmdline-string.patch"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	cp "$KP_ROOT/kpatch/kpatch" "$KP_ROOT/kmod/core/kpatch.ko" \
		"$BATS_TEST_TMPDIR/kpatch-cli.ko" "$KP_ROOT/test/cli/guest-cli.sh" "$payload/"
	plain_module "$KP_DEBIAN_KDIR" "$payload/wrong-kernel.ko"
	echo "$KP_DEBIAN_ABI-cloud-amd64" >"$payload/wrong-kernel.release"
	plain_module "$KP_KDIR" "$payload/not-a-patch.ko"
	kp_guest "$payload" guest-cli.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"cli: ok"* ]]
}
