#!/bin/bash
# Print a corpus run's report: one line per case (name, file, outcome and
# the reasons verbatim), the totals per outcome, and the refusal reasons
# grouped with the names in them masked, most frequent first.
#
#   report.sh CORPUS-DIR RUNDIR
set -euo pipefail

export KP_STEP=corpus
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

header() {
	local cdir=$1 rundir=$2 kver
	kver=$(cat "$rundir/kernel-version" 2>/dev/null || echo unknown)
	printf 'kpatch corpus: the changes of Debian linux-source-6.1 %s -> %s,\n' "$CORPUS_FROM" "$CORPUS_TO"
	printf 'one case per changed C file built into vmlinux, applied REVERSED onto the\n'
	printf 'test-kernel tree (linux-source-6.1 %s), built with kpatch-build, loaded\n' "$kver"
	printf 'with kpatch.ko in a guest.\n'
	printf '%s\n' "$(cat "$cdir/summary")"
	printf 'run: %s (%s)\n\n' "$(basename "$rundir")" "$(cat "$rundir/elapsed" 2>/dev/null || echo '?')"
}

# One line per case; the reasons joined by " | ".
case_lines() {
	local rundir=$1 name file outcome reason
	while IFS=$'\t' read -r name file; do
		# A run still going (or stopped) has cases not built or loaded yet.
		outcome=$(cat "$rundir/$name/outcome" 2>/dev/null || echo pending)
		reason=$(paste -sd '|' "$rundir/$name/reason" 2>/dev/null | sed 's/|/ | /g' || true)
		printf '%-44s %-40s %-15s %s\n' "$name" "$file" "$outcome" "$reason"
	done < <(sort "$rundir/selected.tsv")
}

totals() {
	local rundir=$1 o n all=0 line=""
	for o in "${CORPUS_OUTCOMES[@]}"; do
		n=$(cat "$rundir"/*/outcome 2>/dev/null | grep -cx "$o" || true)
		all=$((all + n))
		line+="$o $n, "
	done
	n=$(($(wc -l <"$rundir/selected.tsv") - all))
	[ "$n" -eq 0 ] || line+="not finished $n, "
	printf '\ntotals: %s(%d cases)\n' "$line" "$((all + n))"
}

# A reason's shape: names and numbers (words with a _, a digit or an inner
# dot, what "(in ...)" names, a plain word after "function", "variable",
# "by" ...) become X, so the same refusal of different functions
# counts once.
mask() {
	sed -E -e 's/\(in [^)]*\)/(in X)/g' \
		-e 's/[A-Za-z0-9_.$]*([_0-9]|\.[A-Za-z0-9_])[A-Za-z0-9_.$]*/X/g' |
		awk '
		BEGIN {
			split("function variable data object key local symbol by", k)
			for (i in k) kind[k[i]] = 1
			split("a an the is are not in and or of", w)
			for (i in w) stop[w[i]] = 1
		}
		{
			if ($2 == "uses")
				$1 = "X"
			# A plain name right after a word that introduces one.
			for (i = 2; i <= NF; i++) {
				word = $i
				sub(/[,:;]$/, "", word)
				if (kind[$(i - 1)] && !stop[word] && word ~ /^[A-Za-z_][A-Za-z0-9_]*$/)
					sub(/^[A-Za-z_][A-Za-z0-9_]*/, "X", $i)
			}
			print
		}'
}

reasons() {
	local rundir=$1 o
	printf '\nrefusal reasons (names masked as X; count):\n'
	# if, not &&: a last case that is not refused must not fail the
	# pipeline (pipefail) and end the report here.
	for o in "$rundir"/*/outcome; do
		if [ "$(cat "$o")" = refused ]; then cat "$(dirname "$o")/reason"; fi
	done | mask | sort | uniq -c | sort -rn | sed 's/^ */  /'
	printf '\nload failures:\n'
	for o in "$rundir"/*/outcome; do
		if [ "$(cat "$o")" = load-failure ]; then
			printf '  %s: %s\n' "$(basename "$(dirname "$o")")" "$(head -n 1 "$(dirname "$o")/reason")"
		fi
	done
	return 0
}

main() {
	[ $# -eq 2 ] || kp_die "usage: report.sh CORPUS-DIR RUNDIR"
	[ -f "$2/selected.tsv" ] || kp_die "$2 is not a corpus run (no selected.tsv)"
	header "$1" "$2"
	case_lines "$2"
	totals "$2"
	reasons "$2"
}

# Sourced by the unit tests for its functions; run, it does its job.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
