#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of the activeness test: refused while a thread sleeps in
# msleep_interruptible, accepted once it leaves, accepted at once with
# force. Then a thread sleeps inside the forced replacement: the revert
# goes through (force skips the check), but the patch module must stay
# loaded for good, and the thread later leaves the replacement unharmed.
S=/sys/kernel/kpatch/kpatch_msleep
fail() { echo "busy: $*"; dmesg | grep kpatch; exit 1; }
insmod kpatch.ko retries=2 retry_delay_ms=10 || fail "kpatch.ko"
insmod sleeper.ko secs=4 || fail "sleeper"
sleep 1
insmod kpatch_msleep.ko 2>/dev/null && fail "busy patch accepted"
echo "refused while busy"
sleep 4
insmod kpatch_msleep.ko || fail "after leaving"
echo "accepted after leaving: enabled=$(cat $S/enabled)"
echo 0 > $S/enabled || fail "revert"
rmmod kpatch_msleep || fail "rmmod"
rmmod sleeper || fail "rmmod sleeper"

insmod sleeper.ko secs=3 || fail "sleeper 2"
sleep 1
insmod kpatch_msleep.ko force=1 || fail "forced"
echo "forced: enabled=$(cat $S/enabled) forced=$(cat $S/forced)"
dmesg | grep -o "kpatch_msleep: msleep_interruptible was applied.*"
sleep 3
rmmod sleeper || fail "rmmod sleeper 2"
# Now in the replacement: the forced revert does not wait for it.
insmod sleeper.ko secs=4 || fail "sleeper 3"
sleep 1
echo 0 > $S/enabled || fail "forced revert"
echo "forced reverted: enabled=$(cat $S/enabled)"
rmmod kpatch_msleep 2>/dev/null && fail "forced patch module unloaded"
echo "forced module kept: $(cat /sys/module/kpatch_msleep/refcnt)"
./kpatch unload kpatch_msleep && fail "kpatch unload removed it"
sleep 4
rmmod sleeper || fail "rmmod sleeper 3"
dmesg | grep -q "kpatch-sleeper: left msleep_interruptible" || fail "no sleeper"
echo "sleeper left the replacement"
echo "busy: done"
