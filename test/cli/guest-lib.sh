# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the guest scripts of test/guest/cli.bats, which set NAME first.

step() {
	echo "-- $*"
}

die() {
	echo "$NAME: FAILED: $*"
	exit 1
}

# expect STATUS TEXT CMD...: run CMD, check its status and that its output
# (stdout and stderr) contains TEXT.
expect() {
	want=$1 text=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" -eq "$want" ] || die "'$*' exited $rc, not $want"
	case "$out" in
	*"$text"*) ;;
	*) die "'$*' did not print '$text'" ;;
	esac
}
