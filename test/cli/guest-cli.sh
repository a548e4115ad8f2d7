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

NAME=cli
. "$(dirname "$0")/guest-lib.sh"

patched() {
	[ "$(awk '{print $NF}' /proc/cmdline)" = kpatch=1 ]
}

# section TITLE: the lines of one section of `kpatch list` ("Loaded patch
# modules:" or "Installed patch modules:"), up to the blank line after it.
section() {
	$K list | awk -v t="$1" '$0 == t { on = 1; next } on && $0 == "" { exit } on'
}

# timeline: `kpatch log` as "EVENT PATCH RESULT [...]", without the
# timestamps, after checking that every line starts with SECONDS.USEC.
timeline() {
	$K log >/tmp/log.out || die "kpatch log failed"
	grep -vqE '^[0-9]+\.[0-9]{6} ' /tmp/log.out && die "log line without a timestamp: $(cat /tmp/log.out)"
	cut -d' ' -f2- /tmp/log.out
}

K=./kpatch
orig=$(cat /proc/cmdline)

step "before: no core, nothing loaded"
expect 0 "the kpatch core module is not loaded: no patch is loaded" $K list
expect 1 "the kpatch core module is not loaded" $K log
! patched || die "cmdline patched before loading"

step "a module for another kernel is refused before the kernel sees it"
expect 1 "was built for kernel $(cat ./wrong-kernel.release), not for $(uname -r)" $K load ./wrong-kernel.ko
lsmod | grep -q '^kpatch ' && die "the core was loaded for a refused patch"

step "load"
expect 0 "kpatch_cli: enabled (1 functions)" $K load ./kpatch-cli.ko
patched || die "/proc/cmdline not patched after load"
expect 0 "kpatch_cli [enabled]" $K list
[ "$(section "Loaded patch modules:")" = "kpatch_cli [enabled]" ] || die "list: loaded: $(section "Loaded patch modules:")"
[ -z "$(section "Installed patch modules:")" ] || die "list: installed: $(section "Installed patch modules:")"
expect 0 "cmdline_proc_show" $K info kpatch_cli
$K info kpatch_cli >/tmp/info.out
grep -qx 'Patch: kpatch_cli' /tmp/info.out || die "info: no Patch line"
grep -qx 'Loaded: yes, enabled' /tmp/info.out || die "info: not enabled"
grep -qx 'Replace: yes' /tmp/info.out || die "info: kpatch-build's default is a replace patch"
grep -qE '^Last transition: apply at [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC$' /tmp/info.out || die "info: no apply transition"
grep -qE '^Last stop_machine window: [0-9]+ ns$' /tmp/info.out || die "info: no window"
grep -qx '  vmlinux loaded' /tmp/info.out || die "info: vmlinux object not loaded"
grep -qE '^  vmlinux cmdline_proc_show 0 0xffffffff[0-9a-f]{8} 0xffffffff[0-9a-f]{8} applied$' /tmp/info.out ||
	die "info: function line"
[ "$(timeline | sed 's/ retries=.*//')" = "load kpatch_cli ok
apply kpatch_cli ok" ] || die "log after load: $(timeline)"
timeline | grep -qE '^apply kpatch_cli ok retries=0 window_ns=[0-9]+$' || die "log: apply line"
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
[ -z "$(section "Loaded patch modules:")" ] || die "list after unload: $(section "Loaded patch modules:")"
[ "$(timeline | sed 's/ retries=.*//')" = "load kpatch_cli ok
apply kpatch_cli ok
revert kpatch_cli ok
unload kpatch_cli ok" ] || die "log after unload: $(timeline)"

step "install, load --all twice, unload --all"
export KPATCH_DATA_DIR=/tmp/kpatch-data
expect 0 "installed kpatch_cli for kernel $(uname -r)" $K install ./kpatch-cli.ko
[ "$(section "Installed patch modules:")" = "kpatch_cli ($(uname -r))" ] ||
	die "list: installed: $(section "Installed patch modules:")"
$K info kpatch_cli >/tmp/info.out || die "info of an installed patch failed"
cat /tmp/info.out
grep -qx 'Loaded: no' /tmp/info.out || die "info of an installed patch: not 'Loaded: no'"
grep -qx "File: $KPATCH_DATA_DIR/$(uname -r)/kpatch-cli.ko" /tmp/info.out || die "info: File line"
grep -qx '  name=kpatch_cli' /tmp/info.out || die "info: modinfo name"
expect 0 "1 installed patch loaded" $K load --all
patched || die "/proc/cmdline not patched after load --all"
expect 0 "kpatch_cli: already loaded and enabled" $K load --all
expect 0 "kpatch_cli: unloaded" $K unload --all
[ "$(cat /proc/cmdline)" = "$orig" ] || die "/proc/cmdline not restored after unload --all"

step "uninstall"
$K uninstall kpatch-cli.ko || die "uninstall failed"
[ -z "$(section "Installed patch modules:")" ] || die "still installed: $(section "Installed patch modules:")"

step "final state"
$K list
$K log
echo "cli: ok"
