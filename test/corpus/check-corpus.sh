#!/bin/bash
# The coverage corpus (`make check-corpus`): real stable fixes, the changes
# between Debian's linux-source-6.1 CORPUS_FROM and CORPUS_TO, one case per
# changed C file built into vmlinux, applied reversed onto the test kernel's
# tree, built with kpatch-build and loaded with kpatch.ko in a guest.
# Prints the report and leaves it in the run directory in the cache.
#
#   check-corpus.sh [NAME...]     all cases, or the cases named
#   check-corpus.sh --list        the cases and their files
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
		cut -f1,2 "$cdir/cases.tsv" >"$rundir/selected.tsv"
		return
	fi
	: >"$rundir/selected.tsv"
	for name in "$@"; do
		grep -q "^$name	" "$cdir/cases.tsv" ||
			kp_die "no corpus case '$name' (check-corpus.sh --list names them)"
		printf '%s\t%s\n' "$name" "$(corpus_field "$cdir/cases.tsv" "$name" 2)" >>"$rundir/selected.tsv"
	done
}

# build_all: kpatch-build every selected case that applies; prints the
# names of those that built.
build_all() {
	local name file state total n=0
	total=$(wc -l <"$rundir/selected.tsv")
	while IFS=$'\t' read -r name file; do
		n=$((n + 1))
		state=$(corpus_field "$cdir/cases.tsv" "$name" 3)
		mkdir -p "$rundir/$name"
		if [ "$state" != case ]; then
			echo "$state" >"$rundir/$name/outcome"
			corpus_field "$cdir/cases.tsv" "$name" 4 >"$rundir/$name/reason"
			kp_log "[$n/$total] $file: $state"
			continue
		fi
		"$here/build-case.sh" "$tree" "$cdir" "$rundir" "$name" </dev/null || {
			echo error >"$rundir/$name/outcome"
			echo "build-case.sh failed" >"$rundir/$name/reason"
			echo 0 >"$rundir/$name/seconds"
		}
		kp_log "[$n/$total] $file: $(cat "$rundir/$name/outcome") ($(cat "$rundir/$name/seconds") s)"
		[ "$(cat "$rundir/$name/outcome")" = built ] && printf '%s\n' "$name"
	done <"$rundir/selected.tsv"
	return 0
}

main() {
	local start built
	start=$(date +%s)
	make -C "$root/kpatch-build" >/dev/null || kp_die "building kpatch-build's tools failed"
	tree=$("$root/test/kernel/build-kernel.sh")
	cdir=$("$here/prepare.sh" "$tree")
	if [ "${1:-}" = --list ]; then
		cut -f1-3 "$cdir/cases.tsv"
		return
	fi
	rundir=${KP_CORPUS_RUNDIR:-$cdir/runs/$(date -u +%Y%m%d-%H%M%S)-$$}
	rm -rf "$rundir"
	mkdir -p "$rundir"
	# The tree's cache key starts with its linux-source-6.1 version.
	basename "$(dirname "$tree")" | sed 's/-[0-9a-f]*$//' >"$rundir/kernel-version"
	select_cases "$@"
	mapfile -t built < <(build_all)
	if [ "${#built[@]}" -gt 0 ]; then
		"$here/load.sh" "$tree" "$rundir" "${built[@]}"
	fi
	printf '%d min %d s\n' $((($(date +%s) - start) / 60)) $((($(date +%s) - start) % 60)) \
		>"$rundir/elapsed"
	"$here/report.sh" "$cdir" "$rundir" >"$rundir/report.txt"
	ln -sfn "$rundir" "$cdir/latest"
	cat "$rundir/report.txt"
	kp_log "report: $rundir/report.txt"
}

main "$@"
