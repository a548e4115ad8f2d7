#!/usr/bin/env bats
# The libFuzzer target of create-diff-object's ELF input path, run for a
# bounded time from the corpus kept in kpatch-build/fuzz/corpus. A crash,
# a hang or a sanitizer report fails the test and leaves the reproducer in
# the test's directory. KP_FUZZ_SECONDS sets the budget (default 45).

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
}

@test "differ fuzz: the ELF input path survives a bounded fuzzing run" {
	make -C "$KP_ROOT/kpatch-build" fuzz >/dev/null
	mkdir -p "$BATS_TEST_TMPDIR/corpus"
	cd "$BATS_TEST_TMPDIR"
	run "$KP_ROOT/kpatch-build/fuzz/fuzz-elf" -max_total_time="${KP_FUZZ_SECONDS:-45}" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		"$BATS_TEST_TMPDIR/corpus" "$KP_ROOT/kpatch-build/fuzz/corpus"
	echo "$output" | tail -n 30
	[ "$status" -eq 0 ]
	[[ "$output" == *"stat::number_of_executed_units"* ]]
	[ -z "$(ls "$BATS_TEST_TMPDIR"/crash-* "$BATS_TEST_TMPDIR"/timeout-* 2>/dev/null)" ]
}
