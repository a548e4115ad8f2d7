#!/bin/bash
# Build one corpus case with kpatch-build against the test kernel and record
# what happened in RUNDIR/NAME/: `outcome` (built, refused, compile-error,
# no-change or error), `reason` (one line per reason, verbatim), the
# kpatch-build output and log, and kpatch-NAME.ko when it was built.
#
#   build-case.sh TREE CORPUS-DIR RUNDIR NAME
set -euo pipefail

export KP_STEP=corpus
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"

# The differ's refusals, as kpatch-build shows them: "  OBJ: unsupported: WHY"
# (not again from the log's tail it prints after its error).
refusals() {
	sed '/^kpatch-build: last lines of /q' "$1" | sed -n 's/^ *[^ ]*: unsupported: //p'
}

# The first compiler error of the patched build, else make's own complaint.
compile_error() {
	local log=$1 line
	line=$(grep -m 1 -E '(error|fatal error): ' "$log" | grep -v '^kpatch-build' || true)
	[ -n "$line" ] || line=$(grep -m 1 -E 'make(\[[0-9]+\])?: \*\*\*' "$log" || true)
	printf '%s\n' "${line:-the patched kernel failed to build}"
}

# classify OUT LOG STATUS KO: sets outcome and writes the reasons.
classify() {
	local out=$1 log=$2 rc=$3 ko=$4 dir
	dir=$(dirname "$out")
	if [ "$rc" -eq 0 ] && [ -f "$ko" ]; then
		echo built >"$dir/outcome"
		: >"$dir/reason"
	elif grep -q ': unsupported: ' "$out"; then
		echo refused >"$dir/outcome"
		refusals "$out" >"$dir/reason"
	elif grep -q 'the patched kernel failed to build' "$out"; then
		echo compile-error >"$dir/outcome"
		compile_error "$log" >"$dir/reason"
	elif grep -qE '^ *[^ ]+\.[ch]:[0-9]+:[0-9]+: (fatal )?error: ' "$log"; then
		# The compiler's first error, and kpatch-build's word on it ("the
		# patched X failed to compile"; an older kpatch-build went on and
		# said something else, which is then marked as a miss).
		echo compile-error >"$dir/outcome"
		{
			grep -m 1 -E '^ *[^ ]+\.[ch]:[0-9]+:[0-9]+: (fatal )?error: ' "$log" | sed 's/^ *//'
			if grep -q '^kpatch-build: error: .*failed to compile' "$out"; then
				sed -n 's/^kpatch-build: error: /kpatch-build: /p' "$out" | head -n 1
			else
				sed -n 's/^kpatch-build: error: /kpatch-build did not notice and said: /p' "$out" | head -n 1
			fi
		} >"$dir/reason"
	elif grep -qE 'no changed functions found|change no object file' "$out"; then
		echo no-change >"$dir/outcome"
		sed -n 's/^kpatch-build: error: //p' "$out" | head -n 1 >"$dir/reason"
	elif grep -q 'does not apply' "$out"; then
		echo does-not-apply >"$dir/outcome"
		sed -n 's/^kpatch-build: error: //p' "$out" | head -n 1 >"$dir/reason"
	else
		echo error >"$dir/outcome"
		{ grep -m 1 '^kpatch-build: error: ' "$out" | sed 's/^kpatch-build: error: //' ||
			echo "kpatch-build exited $rc"; } >"$dir/reason"
		# The failing tool's own words, when it said why.
		cat "$log" "$out" | grep -m 1 ': ERROR: ' | sed 's/^ *//; s|^/[^ ]*/||' >>"$dir/reason" || true
	fi
}

main() {
	[ $# -eq 4 ] || kp_die "usage: build-case.sh TREE CORPUS-DIR RUNDIR NAME"
	local tree=$1 cdir=$2 name=$4 dir=$3/$4 rc=0 log start
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$cdir/cases/$name/patch" "$dir/$name.patch"
	start=$(date +%s)
	# KP_CORPUS_KB_CACHE: kpatch-build's own cache (tree, logs) for the
	# corpus, so a long run does not queue behind other kpatch-builds.
	# No -n: the module is kpatch-NAME, named after the patch file.
	KPATCH_CACHE=${KP_CORPUS_KB_CACHE:-$(kp_cache_dir)} \
		"$root/kpatch-build/kpatch-build" -s "$tree" -o "$dir" \
		"$dir/$name.patch" >"$dir/kpatch-build.out" 2>&1 || rc=$?
	echo $(($(date +%s) - start)) >"$dir/seconds"
	log=${KP_CORPUS_KB_CACHE:-$(kp_cache_dir)}/kpatch-build/logs/kpatch-$name.log
	if [ -f "$log" ]; then cp "$log" "$dir/kpatch-build.log"; else : >"$dir/kpatch-build.log"; fi
	classify "$dir/kpatch-build.out" "$dir/kpatch-build.log" "$rc" "$dir/kpatch-$name.ko"
}

# Sourced by the unit tests for its functions; run, it does its job.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
