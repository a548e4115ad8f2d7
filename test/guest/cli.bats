#!/usr/bin/env bats
# The kpatch command on the test kernel, in busybox guests. The first boot
# drives the everyday commands on a real patch built by kpatch-build (load,
# list, info, log, reload, unload, install, load --all); the second the
# refusals the core and the kernel make and how kpatch explains them: a
# busy function (retried, then named with its task), a stacking refusal,
# a different build of a loaded patch (checksums), and unsigned modules
# once the kernel enforces signatures.

load ../lib/guest

# A plain module (the smoke test's) built for KDIR, copied to OUT.
plain_module() {
	local kdir=$1 out=$2 dir
	dir=$(mktemp -d "$BATS_FILE_TMPDIR/plain.XXXXXX")
	cp "$KP_ROOT"/test/smoke/* "$dir/"
	kp_build_module "$dir" "$kdir"
	cp "$dir/kpatch_smoke.ko" "$out"
}

# Hand-written patch modules of the core's tests: the busy case's sleeper
# and msleep patch, and two stacked (non-replace) cmdline patches.
core_test_modules() {
	local core=$1 out=$2 w=$BATS_FILE_TMPDIR/coretests
	mkdir -p "$w"
	cp "$KP_ROOT"/test/core/busy/*.c "$KP_ROOT"/test/core/stack/stack.c "$w/"
	printf '#define KP_TAG "s1"\n#include "stack.c"\n' >"$w/kpatch_s1.c"
	printf '#define KP_TAG "s3"\n#include "stack.c"\n' >"$w/kpatch_s3.c"
	printf 'obj-m := sleeper.o kpatch_msleep.o kpatch_s1.o kpatch_s3.o\nccflags-y := -I%s -I%s\n' \
		"$core" "$w" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$core/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		tail -n 30 "$w/build.log" >&2
		return 1
	}
	cp "$w"/sleeper.ko "$w"/kpatch_msleep.ko "$w"/kpatch_s1.ko "$w"/kpatch_s3.ko "$out/"
}

# kpatch-build NAME PATCH OUTDIR [options]: a real patch for the test kernel.
build_patch() {
	local name=$1 patch=$2 out=$3 log
	shift 3
	log=$out/kpatch-build.log
	mkdir -p "$out"
	"$KP_ROOT/kpatch-build/kpatch-build" -s "$KP_KDIR" -n "$name" -o "$out" "$@" \
		"$patch" >"$log" 2>&1 || { tail -n 30 "$log" >&2; return 1; }
}

# The .kpatch.checksum string of a module file, read on the host.
file_checksum() {
	objcopy -O binary --only-section=.kpatch.checksum "$1" /dev/stdout | tr -d '\0'
}

setup_file() {
	local b=$BATS_FILE_TMPDIR p=$BATS_FILE_TMPDIR/payload log=$BATS_FILE_TMPDIR/kmod.log
	mkdir -p "$p" "$b/core"
	make -s -C "$KP_ROOT/kpatch" >&2
	make -C "$KP_ROOT/kmod" KDIR="$KP_KDIR" >"$log" 2>&1 || { tail -n 30 "$log" >&2; return 1; }
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$b/core/"
	kp_build_module "$b/core" "$KP_KDIR"
	# The default build is signed with the test tree's own key; the
	# second build of the same name changes the string and signs with an
	# explicit key pair (the same key, so the kernel trusts it).
	build_patch kpatch-cli "$KP_ROOT/examples/cmdline-string.patch" "$b/one"
	sed 's/kpatch=1/kpatch=2/' "$KP_ROOT/examples/cmdline-string.patch" >"$b/two.patch"
	build_patch kpatch-cli "$b/two.patch" "$b/two" --sign-key "$KP_KDIR/certs/signing_key.pem" \
		--sign-cert "$KP_KDIR/certs/signing_key.x509"
	cp "$KP_ROOT/kpatch/kpatch" "$KP_ROOT/kmod/core/kpatch.ko" "$b/one/kpatch-cli.ko" \
		"$KP_ROOT/test/cli/guest-cli.sh" "$KP_ROOT/test/cli/guest-refusals.sh" \
		"$KP_ROOT/test/cli/guest-lib.sh" "$p/"
	cp "$b/two/kpatch-cli.ko" "$p/kpatch-cli-two.ko"
	file_checksum "$b/one/kpatch-cli.ko" >"$p/one.sum"
	file_checksum "$b/two/kpatch-cli.ko" >"$p/two.sum"
	plain_module "$KP_DEBIAN_KDIR" "$p/wrong-kernel.ko"
	echo "$KP_DEBIAN_ABI-cloud-amd64" >"$p/wrong-kernel.release"
	plain_module "$KP_KDIR" "$p/not-a-patch.ko"
	core_test_modules "$b/core" "$p"
}

@test "cli guest: load, list, info, log, unload, install and load --all" {
	kp_guest "$BATS_FILE_TMPDIR/payload" guest-cli.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"cli: ok"* ]]
}

@test "cli guest: kpatch-build signs with the tree's key or --sign-key/--sign-cert, and records distinct checksums" {
	local p=$BATS_FILE_TMPDIR/payload marker='~Module signature appended~'
	[ "$(tail -c 28 "$p/kpatch-cli.ko" | head -c 27)" = "$marker" ]
	[ "$(tail -c 28 "$p/kpatch-cli-two.ko" | head -c 27)" = "$marker" ]
	[[ "$(cat "$BATS_FILE_TMPDIR/one/kpatch-build.log")" == *"signed with $KP_KDIR/certs/signing_key.pem (sha256)"* ]]
	grep -qE '^[0-9a-f]{32}$' "$p/one.sum"
	grep -qE '^[0-9a-f]{32}$' "$p/two.sum"
	[ "$(cat "$p/one.sum")" != "$(cat "$p/two.sum")" ]
	grep -q "checksum $(cat "$p/one.sum")" "$BATS_FILE_TMPDIR/one/kpatch-build.log"
}

@test "cli guest: busy retries name the task, stacking and checksum refusals, unsigned modules under sig_enforce" {
	kp_guest "$BATS_FILE_TMPDIR/payload" guest-refusals.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"refusals: ok"* ]]
}

@test "cli guest: under lockdown (Debian's kernel, lockdown=integrity) an unsigned module is refused with what to do" {
	local b=$BATS_TEST_TMPDIR p=$BATS_TEST_TMPDIR/payload w=$BATS_TEST_TMPDIR/patch
	mkdir -p "$p" "$b/core" "$w"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$b/core/"
	kp_build_module "$b/core" "$KP_DEBIAN_KDIR"
	cp "$KP_ROOT/test/core/basic/kpatch_cmdline.c" "$w/"
	printf 'obj-m := kpatch_cmdline.o\nccflags-y := -I%s\n' "$b/core" >"$w/Kbuild"
	make -C "$KP_DEBIAN_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$b/core/Module.symvers" \
		modules >"$w/build.log" 2>&1 || { tail -n 30 "$w/build.log"; false; }
	cp "$KP_ROOT/kpatch/kpatch" "$b/core/kpatch.ko" "$w/kpatch_cmdline.ko" \
		"$KP_ROOT/test/cli/guest-lockdown.sh" "$p/"
	kp_guest --debian --append lockdown=integrity "$p" guest-lockdown.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"lockdown: ok"* ]]
}
