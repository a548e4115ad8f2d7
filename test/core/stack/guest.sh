#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-stack.bats: three patches stacked on
# cmdline_proc_show, reverted top down; a non-top revert refused; then an
# atomic replace of two enabled patches.
K=/sys/kernel/kpatch
show() { echo "$1: $(cat /proc/cmdline) | $(cut -c1-13 /proc/version)"; }
en() { echo "$2" > "$K/kpatch_$1/enabled"; }
insmod kpatch.ko || exit 1
show orig
insmod kpatch_s1.ko && show s1 || exit 1
insmod kpatch_s2.ko && show s2 || exit 1
insmod kpatch_s3.ko && show s3 || exit 1
en s1 0 2>/dev/null && { echo "non-top revert accepted"; exit 1; }
show "s1 revert refused"
en s2 0 2>/dev/null && { echo "non-top revert accepted"; exit 1; }
en s3 0 && show "s3 off" || exit 1
en s2 0 && show "s2 off" || exit 1
en s1 0 && show "s1 off" || exit 1
# An older patch re-enabled under a newer one does not win.
en s3 1 && en s1 1 && show "s3 and s1 on" || exit 1
en s3 0 && show "s3 off again" || exit 1
rmmod kpatch_s3 || exit 1
en s2 1 && show "s1 s2 on" || exit 1
insmod kpatch_r.ko && show "replaced" || exit 1
echo "enabled after replace: s1=$(cat $K/kpatch_s1/enabled) s2=$(cat $K/kpatch_s2/enabled) r=$(cat $K/kpatch_r/enabled)"
rmmod kpatch_s1 kpatch_s2 && echo "replaced patches unloaded" || exit 1
show "r alone"
en r 0 && show "r off" || exit 1
rmmod kpatch_r || exit 1
dmesg | grep 'cannot disable' | sed 's/^\[[^]]*\] //'
echo "timeline:"
cat $K/timeline
echo "stack: done"
