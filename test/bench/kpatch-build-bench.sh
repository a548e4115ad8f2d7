#!/bin/bash
# Benchmark: wall time of kpatch-build for a one-line patch, with the time of
# each step. Warm: the cached tree exists (built first if it does not).
# With --cold, also a run on an empty cache (a full kernel build: ~8 min).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
patch=$root/examples/cmdline-string.patch
cold=0
[ "${1:-}" = --cold ] && cold=1

# run_once LABEL [env...]: time one kpatch-build, print its step lines.
run_once() {
	local label=$1 out start end
	shift
	out=$(mktemp -d)
	start=$(date +%s.%N)
	env "$@" "$root/kpatch-build/kpatch-build" -s "$tree" -o "$out" "$patch" \
		>"$out/log" 2>&1 || { cat "$out/log"; exit 1; }
	end=$(date +%s.%N)
	printf '%-6s total %6.1f s\n' "$label" "$(echo "$end - $start" | bc)"
	grep -E '^kpatch-build: \[' "$out/log" | sed 's/^kpatch-build: /         /'
	rm -rf "$out"
}

main() {
	tree=$("$root/test/kernel/build-kernel.sh")
	make -C "$root/kpatch-build" >/dev/null
	echo "kpatch-build, one-line patch ($(basename "$patch")), $(nproc) CPUs"
	if [ "$cold" -eq 1 ]; then
		local cache
		cache=$(mktemp -d)
		run_once cold KPATCH_CACHE="$cache"
		rm -rf "$cache"
	fi
	# The first warm run may have to build the cached tree; time the second.
	run_once setup >/dev/null
	run_once warm
}

main "$@"
