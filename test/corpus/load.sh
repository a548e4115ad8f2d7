#!/bin/bash
# Load built corpus cases in guests booted with the test kernel: several
# patch modules per boot (guest-load.sh loads, checks `enabled`, disables and
# unloads each). A boot that fails as a whole (a kernel Oops/WARNING, a hang)
# is retried one case per boot, so the failure is pinned on its case.
# Records RUNDIR/NAME/outcome (loaded or load-failure) and reason.
#
#   load.sh TREE RUNDIR NAME...
#   KP_CORPUS_BATCH=N      cases per boot (default 8)
set -euo pipefail

export KP_STEP=corpus
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"

tree="" rundir=""

# kpatch.ko built against the tree, once per run, in a copy of kmod/core.
core_module() {
	local dir=$rundir/core
	if [ ! -f "$dir/kpatch.ko" ]; then
		mkdir -p "$dir"
		cp "$root"/kmod/core/Kbuild "$root"/kmod/core/*.[ch] "$dir/"
		rm -f "$dir"/*.mod.c
		make -C "$tree" M="$dir" modules >"$dir/build.log" 2>&1 ||
			kp_die "building kpatch.ko against $tree failed" "$dir/build.log"
	fi
	printf '%s\n' "$dir/kpatch.ko"
}

record() {
	local name=$1 outcome=$2 reason=$3
	echo "$outcome" >"$rundir/$name/outcome"
	printf '%s\n' "$reason" | sed '/^$/d' >"$rundir/$name/reason"
}

# The host-side line a case's guest run left, and the core's words about it.
marker() {
	sed -n "s/^@@corpus $2 //p" "$1" | head -n 1
}

guest_log() {
	sed -n "s/^@@corpus-log $2 //p" "$1"
}

# apply_markers OUT NAME...: true when every case has its line.
apply_markers() {
	local out=$1 name m
	shift
	for name in "$@"; do
		[ -n "$(marker "$out" "$name")" ] || return 1
	done
	for name in "$@"; do
		m=$(marker "$out" "$name")
		case $m in
		loaded) record "$name" loaded "" ;;
		*) record "$name" load-failure "${m#failed: }
$(guest_log "$out" "$name")" ;;
		esac
	done
}

# A whole-boot failure of one case: the runner's status says which kind.
single_failure() {
	local name=$1 rc=$2 out=$3 err=$4 console=$5 why
	case $rc in
	125) why="the kernel reported a problem: $(grep -v '^\[guest\]' "$err" | head -n 1)" ;;
	124) why="the guest did not finish (a hang or a timeout); console log: $console" ;;
	*) why="$(marker "$out" "$name")"
		why=${why#failed: }
		[ -n "$why" ] || why="the guest run exited $rc: $(head -n 1 "$err")" ;;
	esac
	record "$name" load-failure "$why
$(guest_log "$out" "$name")"
}

# run_batch ID NAME...: one boot for the cases named.
run_batch() {
	local id=$1 gdir=$rundir/guest name rc=0 payload
	shift
	payload=$gdir/payload-$id
	mkdir -p "$payload"
	cp "$(core_module)" "$here/guest-load.sh" "$payload/"
	for name in "$@"; do
		cp "$rundir/$name/kpatch-$name.ko" "$payload/"
	done
	kp_log "guest $id: loading $*"
	"$root/test/qemu/run-guest.sh" --timeout $((60 + 20 * $#)) --log "$gdir/$id.console" \
		"$payload" guest-load.sh "$@" >"$gdir/$id.out" 2>"$gdir/$id.err" || rc=$?
	rm -rf "$payload"
	if [ "$rc" -le 1 ] && apply_markers "$gdir/$id.out" "$@"; then
		return 0
	fi
	if [ $# -gt 1 ]; then
		kp_log "guest $id failed as a whole (status $rc): one case per boot"
		local k=0
		for name in "$@"; do
			k=$((k + 1))
			run_batch "$id.$k" "$name"
		done
		return 0
	fi
	single_failure "$1" "$rc" "$gdir/$id.out" "$gdir/$id.err" "$gdir/$id.console"
}

main() {
	[ $# -ge 2 ] || kp_die "usage: load.sh TREE RUNDIR NAME..."
	tree=$1 rundir=$2
	shift 2
	local batch=${KP_CORPUS_BATCH:-8} n group=()
	[[ "$batch" =~ ^[1-9][0-9]*$ ]] || kp_die "KP_CORPUS_BATCH must be a positive number"
	mkdir -p "$rundir/guest"
	# Boots are numbered across the calls of one run.
	n=$(cat "$rundir/guest/seq" 2>/dev/null || echo 0)
	while [ $# -gt 0 ]; do
		group=("${@:1:batch}")
		shift "${#group[@]}"
		n=$((n + 1))
		echo "$n" >"$rundir/guest/seq"
		run_batch "$n" "${group[@]}"
	done
}

main "$@"
