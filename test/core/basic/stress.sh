#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of the stress test: 200 revert/apply cycles through sysfs while
# both vCPUs spin and a reader keeps calling the patched function.
S=/sys/kernel/kpatch/kpatch_cmdline
insmod kpatch.ko || exit 1
insmod kpatch_cmdline.ko || exit 1
spin() { while :; do :; done; }
read_loop() { while :; do cat /proc/cmdline >/dev/null; done; }
spin & p1=$!
read_loop & p2=$!
i=0
while [ $i -lt 200 ]; do
	echo 0 > $S/enabled || { echo "revert $i failed"; exit 1; }
	echo 1 > $S/enabled || { echo "apply $i failed"; exit 1; }
	i=$((i + 1))
done
kill $p1 $p2
echo "cycles: $i $(cat /proc/cmdline)"
echo 0 > $S/enabled && rmmod kpatch_cmdline && rmmod kpatch || exit 1
echo "stress: done"
