#!/usr/bin/env bats
# Unit tests of the foundation scripts: no guest is booted here.

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
}

@test "every shell script is shellcheck-clean" {
	cd "$KP_ROOT"
	mapfile -t scripts < <(git ls-files '*.sh' '*.bash' '*.bats' .ci/run \
		kpatch-build/kpatch-build kpatch-build/kpatch-cc test/qemu/guest-init 2>/dev/null |
		while read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done)
	[ "${#scripts[@]}" -gt 5 ]
	run shellcheck -s bash "${scripts[@]}"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "the test kernel's .config has every option of the fragment" {
	tree=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	[ -f "$tree/.config" ] || skip "test kernel not built yet"
	run "$KP_ROOT/test/kernel/build-kernel.sh" --check-config "$tree/.config"
	[ "$status" -eq 0 ]
}

@test "a .config lacking a fragment option is refused, naming it" {
	tree=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	[ -f "$tree/.config" ] || skip "test kernel not built yet"
	grep -v '^CONFIG_LIVEPATCH=y' "$tree/.config" >"$BATS_TEST_TMPDIR/config"
	run "$KP_ROOT/test/kernel/build-kernel.sh" --check-config "$BATS_TEST_TMPDIR/config"
	[ "$status" -ne 0 ]
	[[ "$output" == *"did not stick: CONFIG_LIVEPATCH=y"* ]]
}

@test "the cache directory follows KPATCH_CACHE and XDG_CACHE_HOME" {
	run env KPATCH_CACHE=/x/y "$KP_ROOT/test/kernel/build-kernel.sh" --dir
	[[ "$output" == /x/y/test-kernel/6.1.* ]]
	run env -u KPATCH_CACHE XDG_CACHE_HOME=/c "$KP_ROOT/test/kernel/build-kernel.sh" --dir
	[[ "$output" == /c/kpatch-dev/test-kernel/6.1.* ]]
}

@test "the runner refuses a missing payload with status 126" {
	run "$KP_ROOT/test/qemu/run-guest.sh" --kernel /nonexistent "$BATS_TEST_TMPDIR/none" x.sh
	[ "$status" -eq 126 ]
	[[ "$output" == *"payload directory"*"not found"* ]]
}

@test "the runner refuses a missing kernel image with status 126" {
	mkdir -p "$BATS_TEST_TMPDIR/p"
	echo true >"$BATS_TEST_TMPDIR/p/t.sh"
	run "$KP_ROOT/test/qemu/run-guest.sh" --kernel /nonexistent/bzImage "$BATS_TEST_TMPDIR/p" t.sh
	[ "$status" -eq 126 ]
	[[ "$output" == *"kernel image /nonexistent/bzImage not found"* ]]
}
