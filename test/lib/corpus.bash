# shellcheck shell=bash
# bats helpers for the corpus subset (test/guest/corpus.bats): one run of
# test/corpus/check-corpus.sh over the cases test/corpus/subset lists, then
# one assertion per case against the outcome the list expects.
#
# test/corpus/subset, tab-separated, one case a line ('#' comments):
#   NAME  OUTCOMES  [REASON]
# OUTCOMES is one outcome or several joined by '|' (loaded, refused, ...);
# when REASON is given, a refused case must have a reason containing it.

KP_ROOT=${KP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KP_CORPUS_SUBSET=$KP_ROOT/test/corpus/subset

corpus_subset_names() {
	grep -v '^#' "$KP_CORPUS_SUBSET" | cut -f1 | sed '/^$/d'
}

# corpus_run_subset RUNDIR: the subset through the whole corpus pipeline.
corpus_run_subset() {
	local names
	mapfile -t names < <(corpus_subset_names)
	make -C "$KP_ROOT/kpatch-build" >/dev/null
	KP_CORPUS_RUNDIR=$1 "$KP_ROOT/test/corpus/check-corpus.sh" "${names[@]}"
}

# corpus_expect RUNDIR NAME: the case's outcome is one the subset allows.
corpus_expect() {
	local rundir=$1 name=$2 want reason outcome got
	want=$(awk -F '\t' -v n="$name" '$1 == n { print $2; exit }' "$KP_CORPUS_SUBSET")
	reason=$(awk -F '\t' -v n="$name" '$1 == n { print $3; exit }' "$KP_CORPUS_SUBSET")
	[ -n "$want" ] || { echo "$name is not in $KP_CORPUS_SUBSET"; return 1; }
	[ -f "$rundir/$name/outcome" ] || { echo "$name has no outcome in $rundir"; return 1; }
	outcome=$(cat "$rundir/$name/outcome")
	got=$(cat "$rundir/$name/reason")
	echo "$name: $outcome${got:+: $got}"
	[[ "|$want|" == *"|$outcome|"* ]] || {
		echo "expected: $want"
		return 1
	}
	if [ -n "$reason" ]; then
		[[ "$got" == *"$reason"* ]] || {
			echo "expected a reason containing: $reason"
			return 1
		}
	fi
}
