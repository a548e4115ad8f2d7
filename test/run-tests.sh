#!/bin/bash
# Run the test suites in order (unit tests first: no guest; then the guest
# tests, which boot kernels) and close with "N passed, N failed".
#
#   run-tests.sh [unit|guest|all]     (default: all)
#   KP_TEST_FILTER=REGEX              run only tests whose name matches
#
# The core's main guest files (basic, module objects, the edges of
# core-edges.bats, and the 1,000-cycle stress that only runs there) run a
# second time on the debug
# variant of the test kernel (KP_KERNEL=debug: lockdep, KASAN,
# DEBUG_KOBJECT_RELEASE, DEBUG_ATOMIC_SLEEP), so the runner's detectors for
# those reports can fire on kpatch.ko. The other core files (shadow, stack,
# symbols, timeline) run on the test kernel only, to keep a cold CI run
# well inside its time. core-safety.bats is left out there while its RCU
# stall on the debug kernel (CPU 1 halted, its timer never firing, under
# TCG) is open; it runs on the test kernel.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
passed=0 failed=0 skipped=0
# Names of the failed tests, repeated at the end: a long log is often
# read (or kept) only from its tail.
failures=()

# run_suite NAME FILES...: bats in TAP mode, counting the results; each
# file's wall time is printed after it (a TAP comment).
run_suite() {
	local name=$1 file
	shift
	[ $# -gt 0 ] || return 0
	printf '== %s tests (%d files)\n' "$name" "$#"
	for file in "$@"; do
		run_file "$name" "$file"
	done
}

run_file() {
	local suite=$1 file=$2 line start filter=()
	[ -n "${KP_TEST_FILTER:-}" ] && filter=(--filter "$KP_TEST_FILTER")
	start=$SECONDS
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		"not ok "*)
			failed=$((failed + 1))
			failures+=("$suite: ${file#"$root"/}: ${line#not ok }")
			;;
		"ok "*"# skip"*) skipped=$((skipped + 1)) ;;
		"ok "*) passed=$((passed + 1)) ;;
		esac
	done < <(bats --tap "${filter[@]}" "$file" 2>&1)
	printf '# %s: %d s\n' "${file#"$root"/}" "$((SECONDS - start))"
}

main() {
	shopt -s nullglob
	case "$which" in
	unit | all) run_suite unit "$root"/test/unit/*.bats ;;
	esac
	case "$which" in
	guest | all)
		run_suite guest "$root"/test/guest/*.bats
		export KP_KERNEL=debug
		run_suite "core guest (debug kernel)" "$root"/test/guest/core.bats \
			"$root"/test/guest/core-module.bats "$root"/test/guest/core-edges.bats \
			"$root"/test/guest/core-stress.bats
		unset KP_KERNEL
		;;
	esac
	local f
	for f in "${failures[@]}"; do
		printf 'FAILED %s\n' "$f"
	done
	if [ "$skipped" -gt 0 ]; then
		printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
	else
		printf '%d passed, %d failed\n' "$passed" "$failed"
	fi
	[ "$failed" -eq 0 ] && [ "$((passed + failed))" -gt 0 ]
}

main
