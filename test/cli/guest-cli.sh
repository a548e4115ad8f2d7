#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of test/guest/cli.bats: drives the static kpatch binary on the
# test kernel (busybox guest, payload in /payload): load, list, info, log,
# reload, unload, install + load --all, and the refusals that must leave the
# kernel unchanged. Prints "cli: ok" when every step held.
#
# Payload: kpatch (binary), kpatch.ko (core, found next to the binary),
# kpatch-cli.ko (patches cmdline_proc_show to append " kpatch=1"),
# wrong-kernel.ko (built for Debian's kernel), not-a-patch.ko (a plain
# module, kpatch_smoke).

step() {
	echo "-- $*"
}

die() {
	echo "cli: FAILED: $*"
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

patched() {
	[ "$(awk '{print $NF}' /proc/cmdline)" = kpatch=1 ]
}

K=./kpatch
orig=$(cat /proc/cmdline)

step "before: no core, nothing loaded"
expect 0 "(none: the kpatch core module is not loaded)" $K list
expect 1 "the kpatch core module is not loaded" $K log
! patched || die "cmdline patched before loading"

step "a module for another kernel is refused before the kernel sees it"
expect 1 "was built for kernel 6.1.0-56-cloud-amd64, not for $(uname -r)" $K load ./wrong-kernel.ko
lsmod | grep -q '^kpatch ' && die "the core was loaded for a refused patch"

step "load"
expect 0 "kpatch_cli: enabled (1 functions)" $K load ./kpatch-cli.ko
patched || die "/proc/cmdline not patched after load"
expect 0 "kpatch_cli [enabled]" $K list
expect 0 "cmdline_proc_show" $K info kpatch_cli
$K info kpatch_cli | grep -q '^Loaded: yes, enabled$' || die "info: not enabled"
$K info kpatch_cli | grep -q 'cmdline_proc_show .* applied$' || die "info: function not applied"
$K info kpatch_cli | grep -q '^Last transition: ' || die "info: no transition"
expect 0 "kpatch_cli" $K log
expect 0 "core module: " $K version

step "load again is harmless"
expect 0 "kpatch_cli: already loaded and enabled" $K load ./kpatch-cli.ko

step "a module that is not a patch is removed again"
expect 1 "kpatch_smoke did not register with the kpatch core" $K load ./not-a-patch.ko
lsmod | grep -q '^kpatch_smoke ' && die "kpatch_smoke is still loaded"

step "unload"
expect 0 "kpatch_cli: unloaded" $K unload kpatch_cli
[ "$(cat /proc/cmdline)" = "$orig" ] || die "/proc/cmdline not restored"
lsmod | grep -q '^kpatch_cli ' && die "kpatch_cli still loaded"
expect 1 "kpatch_cli is not loaded" $K unload kpatch_cli
expect 0 "(none)" $K list

step "install, load --all twice, unload --all"
export KPATCH_DATA_DIR=/tmp/kpatch-data
expect 0 "installed kpatch_cli for kernel $(uname -r)" $K install ./kpatch-cli.ko
expect 0 "1 installed patch loaded" $K load --all
patched || die "/proc/cmdline not patched after load --all"
expect 0 "kpatch_cli: already loaded and enabled" $K load --all
expect 0 "kpatch_cli: unloaded" $K unload --all
[ "$(cat /proc/cmdline)" = "$orig" ] || die "/proc/cmdline not restored after unload --all"

step "final state"
$K list
$K log
echo "cli: ok"
