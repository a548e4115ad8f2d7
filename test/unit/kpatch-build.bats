#!/usr/bin/env bats
# kpatch-build's options and input checks: each bad input is refused with a
# clear message before anything is built.

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	KB=$KP_ROOT/kpatch-build/kpatch-build
	TREE=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	export KPATCH_CACHE=$BATS_TEST_TMPDIR/cache
	PATCH=$KP_ROOT/examples/cmdline-string.patch
}

@test "kpatch-build -h prints the usage" {
	run "$KB" -h
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: kpatch-build"* ]]
	[[ "$output" == *"-R, --non-replace"* ]]
}

@test "kpatch-build without a patch fails with the usage" {
	run "$KB"
	[ "$status" -ne 0 ]
	[[ "$output" == *"usage: kpatch-build"* ]]
}

@test "an unknown option is refused" {
	run "$KB" --frobnicate "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"unrecognized option"* ]]
}

@test "a missing patch file is named" {
	run "$KB" /nonexistent/foo.patch
	[ "$status" -ne 0 ]
	[[ "$output" == *"patch file /nonexistent/foo.patch not found"* ]]
}

@test "an empty patch file is refused" {
	: >"$BATS_TEST_TMPDIR/empty.patch"
	run "$KB" "$BATS_TEST_TMPDIR/empty.patch"
	[ "$status" -ne 0 ]
	[[ "$output" == *"is empty"* ]]
}

@test "-j takes a positive number" {
	run "$KB" -j zero "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"-j needs a positive number"* ]]
}

@test "a missing source directory is named" {
	run "$KB" -s /nonexistent/linux "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"source directory /nonexistent/linux not found"* ]]
}

@test "a config without ftrace with regs is refused, naming the option" {
	[ -f "$TREE/.config" ] || skip "test kernel not built"
	grep -v '^CONFIG_DYNAMIC_FTRACE_WITH_REGS=' "$TREE/.config" >"$BATS_TEST_TMPDIR/config"
	run "$KB" -s "$TREE" -c "$BATS_TEST_TMPDIR/config" "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"unsupported kernel config: CONFIG_DYNAMIC_FTRACE_WITH_REGS"* ]]
}

@test "a vmlinux built by another compiler is refused unless the check is skipped" {
	[ -f "$TREE/.config" ] || skip "test kernel not built"
	echo 'int x;' >"$BATS_TEST_TMPDIR/x.c"
	gcc -c -o "$BATS_TEST_TMPDIR/x.o" "$BATS_TEST_TMPDIR/x.c"
	printf 'GCC: (Other 9.9.9) 9.9.9\0' >"$BATS_TEST_TMPDIR/comment"
	objcopy --remove-section .comment \
		--add-section .comment="$BATS_TEST_TMPDIR/comment" \
		"$BATS_TEST_TMPDIR/x.o" "$BATS_TEST_TMPDIR/vmlinux"
	run "$KB" -s "$TREE" -v "$BATS_TEST_TMPDIR/vmlinux" "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"compiler mismatch"*"Other 9.9.9"* ]]
}

# Sources kpatch-build's libraries for a function-level test.
kb_lib() {
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/common.sh"
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/source.sh"
}

@test "the cache key's kernel version is the same under make -C (no Entering-directory lines)" {
	[ -f "$TREE/Makefile" ] || skip "test kernel not built"
	kb_lib
	local plain nested
	plain=$(kb_kernel_version "$TREE")
	# As `make -C test/boot check` runs it: a make started with -C.
	printf 'all:\n\t@bash -c ". %s/kpatch-build/lib/source.sh; kb_kernel_version %s" >%s/v\n' \
		"$KP_ROOT" "$TREE" "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/Makefile"
	make -C "$BATS_TEST_TMPDIR" >/dev/null
	nested=$(cat "$BATS_TEST_TMPDIR/v")
	[[ "$plain" =~ ^6\.1\.[0-9]+$ ]]
	[ "$nested" = "$plain" ]
}

@test "a signing key kept outside the source is replaced by a generated one; others are kept" {
	kb_lib
	local d=$BATS_TEST_TMPDIR/tree
	mkdir -p "$d/certs"
	printf 'CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_KEY="output/signing_key.pem"\n' >"$d/.config"
	run kb_local_signing_key "$d/.config"
	[ "$status" -eq 0 ]
	[[ "$output" == *"output/signing_key.pem (CONFIG_MODULE_SIG_KEY) is not in the source"* ]]
	grep -qx 'CONFIG_MODULE_SIG_KEY="certs/signing_key.pem"' "$d/.config"
	printf 'CONFIG_MODULE_SIG_KEY="certs/own.pem"\n' >"$d/.config"
	touch "$d/certs/own.pem"
	run kb_local_signing_key "$d/.config"
	[ -z "$output" ]
	grep -qx 'CONFIG_MODULE_SIG_KEY="certs/own.pem"' "$d/.config"
	printf 'CONFIG_MODULE_SIG_KEY="pkcs11:token=x"\n' >"$d/.config"
	run kb_local_signing_key "$d/.config"
	grep -qx 'CONFIG_MODULE_SIG_KEY="pkcs11:token=x"' "$d/.config"
}
