#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of the second test of test/guest/cli.bats: the refusals of the
# core and of the kernel, as the kpatch command reports them. Prints
# "refusals: ok" when every step held.
#
# Payload: kpatch, kpatch.ko, sleeper.ko + kpatch_msleep.ko (a kernel thread
# sleeping in msleep_interruptible, and a patch of it), kpatch_s1.ko and
# kpatch_s3.ko (non-replace patches of cmdline_proc_show), kpatch-cli.ko and
# kpatch-cli-two.ko (two kpatch-build builds named kpatch_cli, checksums in
# one.sum and two.sum; signed with the test kernel's key).

NAME=refusals
. "$(dirname "$0")/guest-lib.sh"

loaded() {
	[ -d "/sys/module/$1" ]
}

# The pid of the kernel thread whose comm is $1.
pid_of() {
	for c in /proc/[0-9]*/comm; do
		[ "$(cat "$c" 2>/dev/null)" = "$1" ] && { d=${c%/comm}; echo "${d#/proc/}"; return; }
	done
}

K=./kpatch
orig=$(cat /proc/cmdline)
insmod ./kpatch.ko || die "core did not load"

step "busy: retried until the sleeping task leaves the function"
# Long enough that the first try is refused however slow the guest is,
# short enough for the 12 tries to outlast it.
insmod ./sleeper.ko secs=6 || die "sleeper did not load"
pid=$(pid_of kpatch-sleeper)
[ -n "$pid" ] || die "no kpatch-sleeper thread"
export KPATCH_LOAD_ATTEMPTS=12 KPATCH_RETRY_INTERVAL=1
expect 0 "kpatch_msleep: enabled (2 functions)" $K load ./kpatch_msleep.ko
case "$out" in
*"kpatch_msleep: busy: msleep_interruptible is in use by task $pid (kpatch-sleeper); try 1 of 12 refused, retrying in 1 s"*) ;;
*) die "no retry note naming task $pid" ;;
esac
expect 0 "kpatch_msleep: unloaded" $K unload kpatch_msleep
rmmod sleeper || die "rmmod sleeper"

step "busy: given up after the configured tries, naming task and function"
insmod ./sleeper.ko secs=20 || die "sleeper did not load again"
sleep 1
pid=$(pid_of kpatch-sleeper)
export KPATCH_LOAD_ATTEMPTS=2
expect 1 "kpatch: could not load kpatch_msleep: msleep_interruptible is in use by task $pid (kpatch-sleeper), on all 2 tries 1 s apart" \
	$K load ./kpatch_msleep.ko
unset KPATCH_LOAD_ATTEMPTS KPATCH_RETRY_INTERVAL
loaded kpatch_msleep && die "kpatch_msleep stayed loaded"
$K log | grep -q "refuse kpatch_msleep err=-16 .* busy=$pid:kpatch-sleeper:msleep_interruptible" ||
	die "timeline has no refuse event naming the task"

step "stacking: the older patch cannot come off first, and says which is on top"
expect 0 "kpatch_s1: enabled" $K load ./kpatch_s1.ko
expect 0 "kpatch_s3: enabled" $K load ./kpatch_s3.ko
[ "$(cat /proc/cmdline)" = s3 ] || die "s3 is not live"
expect 1 "kpatch: cannot disable kpatch_s1: kpatch_s3, loaded after it and enabled, also replaces cmdline_proc_show" \
	$K unload kpatch_s1
[ "$(cat /sys/kernel/kpatch/kpatch_s1/enabled)" = 1 ] ||
	die "kpatch_s1 not enabled after the refusal"
$K list >/tmp/list.out
cat /tmp/list.out
grep -qE '^vmlinux +cmdline_proc_show +0  kpatch_s3$' /tmp/list.out || die "list: cmdline_proc_show is not kpatch_s3's"
[ "$(grep -c cmdline_proc_show /tmp/list.out)" -eq 1 ] || die "list: cmdline_proc_show listed twice"
[ "$(sed -n '2,3p' /tmp/list.out)" = "kpatch_s1 [enabled]
kpatch_s3 [enabled]" ] || die "list: not in stack order"
$K list --json >/tmp/list.json
cat /tmp/list.json
grep -q '"patched_functions":\[{"object":"vmlinux","function":"cmdline_proc_show","sympos":0,"patch":"kpatch_s3"}\]' /tmp/list.json ||
	die "list --json: patched function"
grep -q '{"name":"kpatch_s1","state":"enabled","replace":false,"checksum":null,"stack_position":0}' /tmp/list.json ||
	die "list --json: kpatch_s1"

step "unload --all: newest first, until none is left"
expect 0 "kpatch_s1: unloaded" $K unload --all
$K log | sed -n 's/^[0-9.]* \(revert [a-z_0-9]*\) ok.*/\1/p' | tail -n 2 >/tmp/reverts
[ "$(cat /tmp/reverts)" = "revert kpatch_s3
revert kpatch_s1" ] || die "unload --all order: $(cat /tmp/reverts)"
[ "$(cat /proc/cmdline)" = "$orig" ] || die "cmdline not restored"

step "checksum: the core shows it; another build of the same name is refused"
one=$(cat one.sum) two=$(cat two.sum)
expect 0 "kpatch_cli: enabled" $K load ./kpatch-cli.ko
[ "$(cat /sys/kernel/kpatch/kpatch_cli/checksum)" = "$one" ] || die "sysfs checksum is not the file's"
expect 1 "kpatch: ./kpatch-cli-two.ko is a different build of the loaded patch kpatch_cli (loaded checksum $one, file checksum $two)" \
	$K load ./kpatch-cli-two.ko
[ "$(awk '{print $NF}' /proc/cmdline)" = kpatch=1 ] || die "the first build is not live after the refusal"
echo 0 >/sys/kernel/kpatch/kpatch_cli/enabled || die "disable kpatch_cli"
expect 1 "is a different build of the loaded patch kpatch_cli" $K load ./kpatch-cli-two.ko
[ "$(cat /sys/kernel/kpatch/kpatch_cli/enabled)" = 0 ] || die "a refused load re-enabled the old build"
expect 0 "kpatch_cli: enabled" $K load ./kpatch-cli.ko
$K info kpatch_cli | grep -qx "Checksum: $one" || die "info: checksum"
$K info --json kpatch_cli | grep -q "\"checksum\":\"$one\"" || die "info --json: checksum"
expect 0 "kpatch_cli: unloaded" $K unload kpatch_cli
expect 0 "kpatch_cli: enabled" $K load ./kpatch-cli-two.ko
[ "$(awk '{print $NF}' /proc/cmdline)" = kpatch=2 ] || die "the second build is not live"
expect 0 "kpatch_cli: unloaded" $K unload kpatch_cli

step "signatures: with sig_enforce on, unsigned is refused with what to do; signed loads"
echo 1 >/sys/module/module/parameters/sig_enforce || die "cannot enable sig_enforce"
expect 1 "kpatch: loading kpatch_s1 failed: Key was rejected by service: the kernel accepts only modules signed with a key it trusts (module.sig_enforce is on)" \
	$K load ./kpatch_s1.ko
case "$out" in
*"kpatch-build --sign-key KEY --sign-cert CERT"*) ;;
*) die "the refusal does not say how to sign" ;;
esac
loaded kpatch_s1 && die "an unsigned module was loaded"
expect 0 "kpatch_cli: enabled" $K load ./kpatch-cli.ko
expect 0 "kpatch_cli: unloaded" $K unload kpatch_cli
expect 0 "kpatch_cli: enabled" $K load ./kpatch-cli-two.ko
expect 0 "kpatch_cli: unloaded" $K unload kpatch_cli

echo "refusals: ok"
