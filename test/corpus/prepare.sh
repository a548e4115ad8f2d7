#!/bin/bash
# Make the corpus cases for one test-kernel tree, once (cached):
#   1. `apt-get download` linux-source-6.1 at CORPUS_FROM and CORPUS_TO;
#   2. list the C files whose objects are built into vmlinux (the members of
#      the tree's vmlinux.a; module objects and lib.a are not in it);
#   3. unpack only those files from both packages and compare them;
#   4. for each changed file, reverse its FROM->TO diff onto the tree's own
#      copy of the file (patch -R, offsets allowed, no fuzz) and keep the
#      result as a patch against the tree: the case kpatch-build applies.
#      A reverse that does not apply cleanly is recorded as such.
#
#   prepare.sh TREE      prints the corpus directory
# It holds cases.tsv (name, file, state: case|does-not-apply, detail),
# cases/NAME/patch, and the counts in summary.
set -euo pipefail

export KP_STEP=corpus
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

# fetch_deb VERSION: prints the path of linux-source-6.1 VERSION's .deb.
fetch_deb() {
	local ver=$1 dir deb log
	dir=$(corpus_cache)/debs
	deb=$dir/linux-source-6.1_${ver}_all.deb
	if [ ! -f "$deb" ]; then
		mkdir -p "$dir"
		log=$dir/download-$ver.log
		kp_log "downloading linux-source-6.1=$ver"
		(cd "$dir" && apt-get download "linux-source-6.1=$ver") >"$log" 2>&1 ||
			kp_die "apt-get download linux-source-6.1=$ver failed (is $ver still in the archive?)" "$log"
		[ -f "$deb" ] || kp_die "apt-get download did not leave $deb" "$log"
	fi
	printf '%s\n' "$deb"
}

# builtin_sources TREE: the C files, relative to the tree, of every object
# archived in vmlinux.a (a thin archive: ar lists the objects' paths).
builtin_sources() {
	local tree=$1 o
	[ -f "$tree/vmlinux.a" ] || kp_die "$tree/vmlinux.a not found: is the test kernel built?"
	ar t "$tree/vmlinux.a" | sed "s|^$tree/||" | sort -u | while read -r o; do
		if [ -f "$tree/${o%.o}.c" ]; then
			printf '%s\n' "${o%.o}.c"
		fi
	done
}

# unpack DEB LIST DEST: extract the files LIST names (tree-relative) from
# the package's source tarball. Files the version lacks are left out.
unpack() {
	local deb=$1 list=$2 dest=$3 log=$3.log
	mkdir -p "$dest"
	kp_log "unpacking $(wc -l <"$list") files from $(basename "$deb")"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/src/linux-source-6.1.tar.xz |
		tar -xJ -C "$dest" --strip-components=1 -T <(sed 's|^|linux-source-6.1/|' "$list") \
			>"$log" 2>&1 || true
	# tar's only acceptable complaint: a listed file this version lacks.
	if grep -v -e 'Not found in archive' -e 'Exiting with failure status' "$log" | grep . >/dev/null; then
		kp_die "unpacking $deb failed" "$log"
	fi
}

# reverse_case FILE TREE OLD NEW CASEDIR: the tree's FILE with NEW->OLD
# applied, as a patch against the tree. Prints "case" or "does-not-apply"
# and a detail, tab-separated.
reverse_case() {
	local f=$1 tree=$2 old=$3 new=$4 dir=$5 work out
	work=$dir/work
	mkdir -p "$work"
	diff -up --label "a/$f" --label "b/$f" "$old" "$new" >"$dir/forward.patch" || true
	cp "$tree/$f" "$work/file.c"
	if ! out=$(patch -R -N -f --fuzz=0 --no-backup-if-mismatch -r "$work/rej" \
		"$work/file.c" "$dir/forward.patch" 2>&1); then
		out=$(printf '%s\n' "$out" | grep -E 'FAILED|Reversed|Unreversed|malformed' |
			sed 's/ -- saving rejects.*//' | tr '\n' ' ' | sed 's/ *$//')
		printf 'does-not-apply\tthe reverse of the %s change does not apply to the tree (no fuzz): %s\n' \
			"$CORPUS_FROM..$CORPUS_TO" "${out:-patch failed}"
		rm -rf "$work"
		return
	fi
	diff -up --label "a/$f" --label "b/$f" "$tree/$f" "$work/file.c" >"$dir/patch" || true
	rm -rf "$work"
	printf 'case\t%s\n' "$(diffstat_line "$dir/patch")"
}

diffstat_line() {
	awk '/^\+\+\+|^---/ { next } /^\+/ { a++ } /^-/ { d++ }
		END { printf "+%d -%d lines\n", a, d }' "$1"
}

# make_cases TREE DIR: one row of cases.tsv per built-in C file that
# differs between the two versions.
make_cases() {
	local tree=$1 dir=$2 f name old new n=0 changed=0 row
	: >"$dir/cases.tsv.tmp"
	while read -r f; do
		n=$((n + 1))
		old=$dir/src/$CORPUS_FROM/$f new=$dir/src/$CORPUS_TO/$f
		[ -f "$old" ] || [ -f "$new" ] || continue
		cmp -s "$old" "$new" && continue
		changed=$((changed + 1))
		name=$(corpus_case_name "$f")
		mkdir -p "$dir/cases/$name"
		if [ ! -f "$old" ]; then
			row=$(printf 'does-not-apply\tthe file is new in %s: its reverse would delete it' "$CORPUS_TO")
		elif [ ! -f "$new" ]; then
			row=$(printf 'does-not-apply\tthe file is gone in %s' "$CORPUS_TO")
		else
			row=$(reverse_case "$f" "$tree" "$old" "$new" "$dir/cases/$name")
		fi
		printf '%s\t%s\t%s\n' "$name" "$f" "$row" >>"$dir/cases.tsv.tmp"
	done <"$dir/builtin.list"
	printf 'built-in C files: %d; changed between %s and %s: %d\n' \
		"$n" "$CORPUS_FROM" "$CORPUS_TO" "$changed" >"$dir/summary"
	mv "$dir/cases.tsv.tmp" "$dir/cases.tsv"
}

main() {
	local tree dir from_deb to_deb
	[ $# -eq 1 ] || kp_die "usage: prepare.sh TREE"
	tree=$(cd "$1" && pwd)
	dir=$(corpus_dir "$tree")
	if [ -f "$dir/.prepared" ]; then
		printf '%s\n' "$dir"
		return
	fi
	mkdir -p "$dir"
	exec 9>"$dir.lock"
	flock 9
	if [ ! -f "$dir/.prepared" ]; then
		rm -rf "$dir/cases"
		if [ ! -f "$dir/src/.done" ]; then
			rm -rf "$dir/src"
			from_deb=$(fetch_deb "$CORPUS_FROM")
			to_deb=$(fetch_deb "$CORPUS_TO")
			builtin_sources "$tree" >"$dir/builtin.list"
			unpack "$from_deb" "$dir/builtin.list" "$dir/src/$CORPUS_FROM"
			unpack "$to_deb" "$dir/builtin.list" "$dir/src/$CORPUS_TO"
			touch "$dir/src/.done"
		fi
		make_cases "$tree" "$dir"
		kp_log "$(cat "$dir/summary"); cases in $dir"
		touch "$dir/.prepared"
	fi
	printf '%s\n' "$dir"
}

# Sourced by the unit tests for its functions; run, it does its job.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
