#!/bin/bash
# The coverage corpus (`make check-corpus`): real stable fixes, the changes
# between Debian's linux-source-6.1 CORPUS_FROM and CORPUS_TO, one case per
# changed C file built into vmlinux, applied reversed onto the test kernel's
# tree, built with kpatch-build and loaded with kpatch.ko in a guest.
# Prints the report and leaves it in the run directory in the cache.
#
#   check-corpus.sh [NAME...]     all cases, or the cases named
#   check-corpus.sh --list        the cases and their files
#   check-corpus.sh --resume [RUNDIR]  go on with an interrupted run
#   check-corpus.sh --report [RUNDIR]  the report of the latest (or that) run,
#                                 also while it is still going
#   KP_CORPUS_BATCH=N             patch modules per guest boot (default 8)
#   KP_CORPUS_RUNDIR=DIR          where the run's results go (default: a new
#                                 directory under the corpus's runs/)
#   KP_CORPUS_FROM/KP_CORPUS_TO   the two package versions (6.1.187-1, 6.1.190-1)
set -euo pipefail

export KP_STEP=corpus
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

tree="" cdir="" rundir=""

# select_cases NAME...: RUNDIR/selected.tsv, the rows of the cases to run.
select_cases() {
	local name
	if [ $# -eq 0 ]; then
		# In a fixed mixed order (by a hash of the name), so that a run cut
		# short still covers every part of the kernel.
		cut -f1,2 "$cdir/cases.tsv" | while IFS=$'\t' read -r name file; do
			printf '%s\t%s\t%s\n' "$(printf '%s' "$name" | md5sum | cut -c1-8)" "$name" "$file"
		done | sort | cut -f2,3 >"$rundir/selected.tsv"
		return
	fi
	: >"$rundir/selected.tsv"
	for name in "$@"; do
		grep -q "^$name	" "$cdir/cases.tsv" ||
			kp_die "no corpus case '$name' (check-corpus.sh --list names them)"
		printf '%s\t%s\n' "$name" "$(corpus_field "$cdir/cases.tsv" "$name" 2)" >>"$rundir/selected.tsv"
	done
}

# build_one NAME FILE: kpatch-build the case if it applies; true when built.
build_one() {
	local name=$1 file=$2 state
	state=$(corpus_field "$cdir/cases.tsv" "$name" 3)
	mkdir -p "$rundir/$name"
	if [ "$state" != case ]; then
		echo "$state" >"$rundir/$name/outcome"
		corpus_field "$cdir/cases.tsv" "$name" 4 >"$rundir/$name/reason"
		kp_log "$file: $state"
		return 1
	fi
	"$here/build-case.sh" "$tree" "$cdir" "$rundir" "$name" </dev/null || {
		echo error >"$rundir/$name/outcome"
		echo "build-case.sh failed" >"$rundir/$name/reason"
		echo 0 >"$rundir/$name/seconds"
	}
	kp_log "$file: $(cat "$rundir/$name/outcome") ($(cat "$rundir/$name/seconds") s)"
	[ "$(cat "$rundir/$name/outcome")" = built ]
}

# run_all: build every selected case; load the built ones a guest's worth
# at a time, so a long run's results fill in as it goes.
run_all() {
	local name file n=0 total batch=${KP_CORPUS_BATCH:-8} built=()
	total=$(wc -l <"$rundir/selected.tsv")
	while IFS=$'\t' read -r name file; do
		n=$((n + 1))
		kp_log "[$n/$total] $name"
		case $(cat "$rundir/$name/outcome" 2>/dev/null) in
		built) ;; # a resumed run: built, not yet loaded
		"") build_one "$name" "$file" || continue ;;
		*) continue ;; # a resumed run: done
		esac
		built+=("$name")
		if [ "${#built[@]}" -ge "$batch" ]; then
			"$here/load.sh" "$tree" "$rundir" "${built[@]}" </dev/null
			built=()
		fi
	done <"$rundir/selected.tsv"
	if [ "${#built[@]}" -gt 0 ]; then
		"$here/load.sh" "$tree" "$rundir" "${built[@]}" </dev/null
	fi
}

# finish START: the run's time (added up over resumed parts) and report.
finish() {
	local t
	t=$(($(cat "$rundir/seconds" 2>/dev/null || echo 0) + $(date +%s) - $1))
	echo "$t" >"$rundir/seconds"
	printf '%d min %d s\n' $((t / 60)) $((t % 60)) >"$rundir/elapsed"
	"$here/report.sh" "$cdir" "$rundir" >"$rundir/report.txt"
	cat "$rundir/report.txt"
	kp_log "report: $rundir/report.txt"
}

main() {
	local start
	start=$(date +%s)
	make -C "$root/kpatch-build" >/dev/null || kp_die "building kpatch-build's tools failed"
	tree=$("$root/test/kernel/build-kernel.sh")
	cdir=$("$here/prepare.sh" "$tree")
	case ${1:-} in
	--list) cut -f1-3 "$cdir/cases.tsv"; return ;;
	--report) "$here/report.sh" "$cdir" "$(realpath "${2:-$cdir/latest}")"; return ;;
	esac
	if [ "${1:-}" = --resume ]; then
		rundir=$(realpath "${2:-$cdir/latest}")
		[ -f "$rundir/selected.tsv" ] || kp_die "$rundir is not a corpus run"
		kp_log "resuming $rundir"
		run_all
		finish "$start"
		return
	fi
	rundir=${KP_CORPUS_RUNDIR:-$cdir/runs/$(date -u +%Y%m%d-%H%M%S)-$$}
	rm -rf "$rundir"
	mkdir -p "$rundir"
	# The tree's cache key starts with its linux-source-6.1 version.
	basename "$(dirname "$tree")" | sed 's/-[0-9a-f]*$//' >"$rundir/kernel-version"
	select_cases "$@"
	# `latest` is for runs kept in the cache, not a caller's own directory.
	[ -n "${KP_CORPUS_RUNDIR:-}" ] || ln -sfn "$rundir" "$cdir/latest"
	run_all
	finish "$start"
}

main "$@"
