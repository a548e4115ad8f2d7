#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of cli.bats' lockdown case, on Debian's cloud kernel booted with
# lockdown=integrity: an unsigned kpatch.ko and patch module (built against
# Debian's headers, which carry no signing key) must be refused by the
# kernel, and kpatch must say it is the lockdown and how to sign, leaving
# nothing loaded. Prints "lockdown: ok" when every step held.
#
# Payload: kpatch (binary), kpatch.ko (core), kpatch_cmdline.ko (a patch).

die() {
	echo "lockdown: FAILED: $*"
	exit 1
}

[ -e /sys/kernel/security/lockdown ] ||
	mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
mode=$(cat /sys/kernel/security/lockdown 2>/dev/null)
echo "lockdown mode: $mode"
case "$mode" in
*"[integrity]"*) ;;
*) die "the kernel is not in lockdown=integrity" ;;
esac
out=$(./kpatch load ./kpatch_cmdline.ko 2>&1)
rc=$?
echo "$out"
[ "$rc" -ne 0 ] || die "kpatch load succeeded under lockdown"
case "$out" in
*"loading kpatch failed"*"the kernel is locked down (lockdown=integrity"*"scripts/sign-file sha256 KEY CERT kpatch.ko"*) ;;
*) die "kpatch did not explain the lockdown refusal" ;;
esac
if lsmod | grep -q '^kpatch'; then
	die "a module was left loaded"
fi
echo "lockdown: ok"
