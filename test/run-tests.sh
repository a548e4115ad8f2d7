#!/bin/bash
# Run the test suites in order (unit tests first: no guest; then the guest
# tests, which boot kernels) and close with "N passed, N failed".
#
#   run-tests.sh [unit|guest|all]     (default: all)
#   KP_TEST_FILTER=REGEX              run only tests whose name matches
#
# Before the unit tests, the builds the guest suites need start in the
# background (prebuild_start below).
# The core's main guest files (basic, module objects, the edges of
# core-edges.bats, exiting tasks, and the 1,000-cycle stress that only
# runs there) run a second time on the debug
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

# A file whose plan ("1..N") promises more results than bats printed
# (bats killed, a crash) counts the missing ones as failed. A failed
# test's "[guest]" diagnosis (the guest runner's reason, with the first
# kernel log lines it matched), a script's "[step] error:" line and a boot
# test's failed verdict are repeated with it in the final list.
run_file() {
	local suite=$1 file=$2 line start plan=0 seen=0 filter=() more=0 infail=0
	[ -n "${KP_TEST_FILTER:-}" ] && filter=(--filter "$KP_TEST_FILTER")
	start=$SECONDS
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		1..[0-9]*) plan=${line#1..} ;;
		"not ok "*)
			seen=$((seen + 1))
			failed=$((failed + 1))
			failures+=("$suite: ${file#"$root"/}: ${line#not ok }")
			infail=1
			;;
		"# [guest] "*)
			[ "$infail" = 1 ] || continue
			failures[-1]+=$'\n    '${line#\# }
			[[ "$line" == *"kernel reported a problem"* ]] && more=3
			;;
		"# ["*"] error: "* | "# BOOTTEST: RESULT fail"*)
			# A script's own error line (kp_die), or a boot
			# test's verdict: the reason, kept with the name.
			[ "$infail" = 1 ] && failures[-1]+=$'\n    '${line#\# }
			;;
		"# "*)
			if [ "$infail" = 1 ] && [ "$more" -gt 0 ]; then
				failures[-1]+=$'\n    '${line#\# }
				more=$((more - 1))
			fi
			;;
		"ok "*"# skip"*) seen=$((seen + 1)) skipped=$((skipped + 1)) infail=0 ;;
		"ok "*) seen=$((seen + 1)) passed=$((passed + 1)) infail=0 ;;
		esac
	done < <(bats --tap "${filter[@]}" "$file" 2>&1)
	printf '# %s: %d s\n' "${file#"$root"/}" "$((SECONDS - start))"
	if [ "$seen" -lt "$plan" ]; then
		failed=$((failed + plan - seen))
		failures+=("$suite: ${file#"$root"/}: bats reported $seen of $plan results")
	fi
}

# Built in the background at the lowest priority while the tests before
# their first use run, so a cold run overlaps the two builds the guest
# suites need with the idle time of the unit tests and guests: kpatch-build's
# cached tree for the test kernel (the first guest file needs it; it waits
# on the tree's lock) and the debug kernel (the last suite needs it). On a
# warm cache both are quick no-ops. KP_NO_PREBUILD=1 turns it off.
prebuild_pid="" prebuild_log=""

prebuild_start() {
	local tree out
	[ -z "${KP_NO_PREBUILD:-}" ] || return 0
	make -s -C "$root/kpatch-build" >/dev/null || return 0
	tree=$("$root/test/kernel/build-kernel.sh") || return 0
	out=$(mktemp -d)
	prebuild_log=$out/prebuild.log
	printf '# prebuilding (nice 19): the kpatch-build tree, then the debug kernel; log: %s\n' \
		"$prebuild_log"
	(
		set -e
		nice -n 19 "$root/kpatch-build/kpatch-build" -s "$tree" -n kpatch-prebuild \
			-o "$out" "$root/examples/cmdline-string.patch"
		nice -n 19 "$root/test/kernel/build-kernel.sh" --debug
	) >"$prebuild_log" 2>&1 </dev/null &
	prebuild_pid=$!
}

# prebuild_wait: a failed prebuild fails the run, naming its log; the
# suites would then build what is missing themselves.
prebuild_wait() {
	[ -n "$prebuild_pid" ] || return 0
	local start=$SECONDS
	if wait "$prebuild_pid"; then
		printf '# prebuild done (waited %d s)\n' "$((SECONDS - start))"
		rm -rf "$(dirname "$prebuild_log")"
	else
		failed=$((failed + 1))
		failures+=("prebuild: kpatch-build tree or debug kernel failed to build; see $prebuild_log")
		tail -n 20 "$prebuild_log" | sed 's/^/# /'
	fi
	prebuild_pid=""
}

main() {
	shopt -s nullglob
	case "$which" in
	guest | all) prebuild_start ;;
	esac
	case "$which" in
	unit | all) run_suite unit "$root"/test/unit/*.bats ;;
	esac
	case "$which" in
	guest | all)
		run_suite guest "$root"/test/guest/*.bats
		prebuild_wait
		export KP_KERNEL=debug
		run_suite "core guest (debug kernel)" "$root"/test/guest/core.bats \
			"$root"/test/guest/core-module.bats "$root"/test/guest/core-edges.bats \
			"$root"/test/guest/core-exit.bats "$root"/test/guest/core-stress.bats
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
