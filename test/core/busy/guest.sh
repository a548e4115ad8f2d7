#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of the activeness test: refused while a thread sleeps in
# msleep_interruptible, accepted at once with force, accepted once it leaves.
S=/sys/kernel/kpatch/kpatch_msleep
insmod kpatch.ko retries=2 retry_delay_ms=10 || exit 1
insmod sleeper.ko secs=6 || exit 1
sleep 1
if insmod kpatch_msleep.ko 2>/dev/null; then
	echo "busy patch accepted"; exit 1
fi
echo "refused while busy"
insmod kpatch_msleep.ko force=1 || exit 1
echo "forced: enabled=$(cat $S/enabled)"
echo 0 > $S/enabled || exit 1
rmmod kpatch_msleep || exit 1
sleep 7
insmod kpatch_msleep.ko || exit 1
echo "accepted after leaving: enabled=$(cat $S/enabled)"
echo 0 > $S/enabled || exit 1
rmmod kpatch_msleep || exit 1
rmmod sleeper || exit 1
echo "busy: done"
