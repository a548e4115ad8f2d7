#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core.bats: apply, revert, re-apply, refuse.
S=/sys/kernel/kpatch/kpatch_cmdline
echo "before: $(cat /proc/cmdline)"
insmod kpatch.ko || exit 1
if insmod kpatch_cmdline.ko bad_addr=1 2>/dev/null; then
	echo "bad address accepted"; exit 1
fi
echo "refused bad address: $(cat /proc/cmdline)"
# shellcheck disable=SC2046
if insmod kpatch_cmdline.ko $(cat args) bad_size=1 2>/dev/null; then
	echo "bad size accepted"; exit 1
fi
echo "refused bad size: $(cat /proc/cmdline)"
# TAINT_LIVEPATCH (bit 15) only once a patch is applied.
[ $(($(cat /proc/sys/kernel/tainted) & 32768)) -eq 0 ] && echo "no livepatch taint yet"
# args holds module parameters; splitting them is intended.
# shellcheck disable=SC2046
insmod kpatch_cmdline.ko $(cat args) || exit 1
echo "applied: $(cat /proc/cmdline) enabled=$(cat $S/enabled)"
[ $(($(cat /proc/sys/kernel/tainted) & 32768)) -ne 0 ] && echo "livepatch taint set"
grep -q cmdline_proc_show $S/functions && echo "functions listed"
echo "window: $(cat $S/last_window_ns)"
rmmod kpatch_cmdline 2>/dev/null && { echo "removed while applied"; exit 1; }
echo 2 > $S/enabled 2>/dev/null && { echo "accepted 2"; exit 1; }
echo 0 > $S/enabled || exit 1
echo "reverted: $(cat /proc/cmdline)"
echo 1 > $S/enabled || exit 1
echo "reapplied: $(cat /proc/cmdline)"
echo 0 > $S/enabled || exit 1
rmmod kpatch_cmdline || exit 1
echo "after: $(cat /proc/cmdline)"
echo "taint: $(cat /proc/sys/kernel/tainted)"
