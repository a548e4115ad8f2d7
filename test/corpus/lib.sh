# shellcheck shell=bash
# Shared by the corpus scripts: which two Debian source packages the fixes
# come from, where the corpus lives in the cache, how a case is named.
# Sourced after scripts/lib.sh, never run.

# The fixes are the difference between these two linux-source-6.1 versions.
CORPUS_FROM=${KP_CORPUS_FROM:-6.1.187-1}
CORPUS_TO=${KP_CORPUS_TO:-6.1.190-1}

# Outcomes, in the order the report lists them.
# shellcheck disable=SC2034 # read by report.sh
CORPUS_OUTCOMES=(loaded refused compile-error does-not-apply load-failure no-change error)

corpus_cache() {
	printf '%s/corpus\n' "$(kp_cache_dir)"
}

# corpus_dir TREE: the cases made for one test-kernel tree (its cache key
# names the source version, the config fragment and the compiler).
corpus_dir() {
	printf '%s/%s..%s/%s\n' "$(corpus_cache)" "$CORPUS_FROM" "$CORPUS_TO" \
		"$(basename "$(dirname "$1")")"
}

# corpus_case_name FILE: kernel/sched/core.c -> kernel-sched-core. The
# patch module is kpatch-NAME, a module name kpatch-build keeps to 48
# characters: long paths keep their start and get a hash of the whole.
corpus_case_name() {
	local n=${1%.c} h
	n=$(printf '%s' "$n" | tr -c 'A-Za-z0-9_-' '-')
	if [ "${#n}" -gt 41 ]; then
		h=$(printf '%s' "$1" | sha256sum | cut -c1-6)
		n=${n:0:34}-$h
	fi
	printf '%s\n' "$n"
}

# corpus_field FILE NAME COLUMN: a column of NAME's row in a TSV file whose
# first column is the case name.
corpus_field() {
	awk -F '\t' -v n="$2" -v c="$3" '$1 == n { print $c; exit }' "$1"
}
