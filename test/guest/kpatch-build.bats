#!/usr/bin/env bats
# kpatch-build against the cached test-kernel tree: bad patches are refused
# with the failing hunk, and the cached tree is left clean whatever happens.

load ../lib/integration

tree_is_clean() {
	local tree
	tree=$(find "${KPATCH_CACHE:-$HOME/.cache/kpatch-dev}/kpatch-build/trees" -maxdepth 2 -name src | head -n 1)
	[ -n "$tree" ] || return 0
	# Under the tree's lock: other kpatch-build runs may be using it.
	# shellcheck disable=SC2016 # expanded by the inner sh
	flock "$(dirname "$tree")/.lock" sh -c '! grep -q "kpatch=1" "$1/fs/proc/cmdline.c" &&
		[ ! -d "$(dirname "$1")/state/applied" ]' sh "$tree"
}

@test "kpatch-build: a patch that does not apply is named with its hunk" {
	sed 's/saved_command_line);$/no_such_line);/' "$KP_ROOT/test/integration/proc-string/patch" \
		>"$BATS_TEST_TMPDIR/bad.patch"
	run "$KP_ROOT/kpatch-build/kpatch-build" -s "$KP_KDIR" -o "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/bad.patch"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"does not apply"* ]]
	[[ "$output" == *"FAILED"* ]]
	tree_is_clean
}

@test "kpatch-build: a patch that does not compile stops the build, naming the file and gcc's error" {
	# The quick path runs kbuild's recorded "gcc ...; objtool ..." line: a
	# gcc failure must not be hidden by objtool's status.
	sed '/^+/s/saved_command_line);$/saved_command_line) no_such_thing;/' \
		"$KP_ROOT/test/integration/proc-string/patch" >"$BATS_TEST_TMPDIR/broken.patch"
	grep -q no_such_thing "$BATS_TEST_TMPDIR/broken.patch"
	run "$KP_ROOT/kpatch-build/kpatch-build" -s "$KP_KDIR" -o "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/broken.patch"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"the patched fs/proc/cmdline.c failed to compile"* ]]
	[[ "$output" == *"error: expected"* ]]
	[[ "$output" != *"no changed functions"* ]]
	tree_is_clean
}

@test "kpatch-build: -t vmlinux builds no modules, so a module's source is refused, naming it" {
	run "$KP_ROOT/kpatch-build/kpatch-build" -s "$KP_KDIR" -o "$BATS_TEST_TMPDIR" -t vmlinux \
		"$KP_ROOT/test/integration/module/patch"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"kernel/configs.c"* ]]
	[[ "$output" == *"part of module configs, and -t vmlinux builds no modules"* ]]
	tree_is_clean
}

@test "kpatch-build: an interrupted run leaves the cached tree clean" {
	# Its own session, so the signal reaches make as it would from a terminal.
	setsid "$KP_ROOT/kpatch-build/kpatch-build" -s "$KP_KDIR" -o "$BATS_TEST_TMPDIR" \
		"$KP_ROOT/test/integration/proc-string/patch" >"$BATS_TEST_TMPDIR/out" 2>&1 &
	pid=$!
	# Interrupt once the patch is applied.
	for _ in $(seq 1 600); do
		grep -q 'compiling the patched objects\|building the patched kernel' "$BATS_TEST_TMPDIR/out" && break
		sleep 0.1
	done
	kill -TERM -- "-$pid"
	wait "$pid" || true
	cat "$BATS_TEST_TMPDIR/out"
	grep -q 'compiling the patched objects\|building the patched kernel' "$BATS_TEST_TMPDIR/out"
	run grep -q 'kpatch-build: wrote' "$BATS_TEST_TMPDIR/out"
	[ "$status" -ne 0 ]
	tree_is_clean
}
