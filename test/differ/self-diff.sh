#!/bin/bash
# Run create-diff-object on every object of a built kernel tree against
# itself: each must end with status 3 (nothing changed), none may crash.
#
#   self-diff.sh [--jobs N] [TREE]     (default: the test kernel's tree)
#
# Prints one line per object that did not end with status 3 and a count of
# the statuses; exits 1 if any object did not end with status 3.
# CDO=... picks another create-diff-object build.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CDO=${CDO:-$root/kpatch-build/create-diff-object}
JOBS=$(nproc)

die() {
	printf 'self-diff: %s\n' "$*" >&2
	exit 1
}

# one OBJ SYMTAB SYMVERS OUTDIR: "status object" for one object.
one() {
	local obj=$1 rc out=$4/$BASHPID
	timeout 300 "$CDO" "$obj" "$obj" vmlinux "$2" "$3" kpatch_self "$out.o" >"$out.log" 2>&1
	rc=$?
	printf '%s %s\n' "$rc" "$obj"
	if [ "$rc" -ne 3 ]; then
		sed 's/^/    /' "$out.log" | head -n 5
	fi
	rm -f "$out.o" "$out.log"
}

# objects TREE: the kernel's own 64-bit objects, as kpatch-cc would diff
# them (not boot, real-mode or vDSO code, tools, scripts or link steps).
objects() {
	(cd "$1" && find . -name '*.o' ! -name '*.mod.o' ! -name 'vmlinux.o' ! -name '.tmp*' -type f) |
		sed 's|^\./||' | grep -Ev '^(tools|scripts|usr|certs)/|^arch/x86/(boot|realmode|entry/vdso|purgatory)/|(^|/)\.tmp_' |
		sort | sed "s|^|$1/|"
}

main() {
	local tree
	if [ "${1:-}" = --one ]; then
		shift
		one "$@"
		return
	fi
	if [ "${1:-}" = --jobs ]; then
		JOBS=${2:?}
		shift 2
	fi
	tree=${1:-$("$root/test/kernel/build-kernel.sh" --dir)}
	[ -x "$CDO" ] || die "$CDO not built"
	[ -f "$tree/vmlinux" ] || die "no built kernel in $tree"
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
	readelf -sW "$tree/vmlinux" >"$WORK/symtab"
	objects "$tree" | xargs -P "$JOBS" -I{} "$0" --one {} "$WORK/symtab" "$tree/Module.symvers" "$WORK" \
		>"$WORK/results"
	grep -v '^3 ' "$WORK/results"
	printf '%s objects:' "$(grep -c '^[0-9]' "$WORK/results")"
	awk '/^[0-9]/ { n[$1]++ } END { for (s in n) printf " %d with status %s;", n[s], s; print "" }' "$WORK/results"
	! grep -q '^[0-9]' <(grep -v '^3 ' "$WORK/results")
}

main "$@"
