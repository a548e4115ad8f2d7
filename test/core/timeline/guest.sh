#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-timeline.bats: produce every kind of event
# the core can log for vmlinux patches, unload the patches, then print the
# timeline.
#   guest.sh [M]   M multiplies the sleeper's time (a slow debug kernel:
#                  busybox's insmod tries a failing module twice)
M=${1:-1}
T=/sys/kernel/kpatch/timeline
insmod kpatch.ko retries=2 retry_delay_ms=10 || exit 1
insmod kpatch_cmdline.ko bad_addr=1 2>/dev/null && { echo "bad accepted"; exit 1; }
insmod kpatch_cmdline.ko || exit 1
echo 0 > /sys/kernel/kpatch/kpatch_cmdline/enabled || exit 1
echo 1 > /sys/kernel/kpatch/kpatch_cmdline/enabled || exit 1
echo 0 > /sys/kernel/kpatch/kpatch_cmdline/enabled || exit 1
rmmod kpatch_cmdline || exit 1
insmod sleeper.ko secs=$((4 * M)) || exit 1
sleep 1
insmod kpatch_msleep.ko 2>/dev/null && { echo "busy accepted"; exit 1; }
rmmod sleeper 2>/dev/null
echo "timeline:"
cat $T
# A big read in small pieces gives the same text.
dd if=$T bs=7 2>/dev/null | cmp - $T && echo "small reads agree"
echo "timeline: done"
