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
