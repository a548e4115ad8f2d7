#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-shadow.bats: per-task call counters kept in
# shadow variables by the replacement of comm_show.
S=/sys/kernel/kpatch/kpatch_comm
insmod kpatch.ko || exit 1
echo "before: $(cat /proc/1/comm)"
insmod kpatch_comm.ko || exit 1
for i in 1 2 3; do echo "init read $i: $(cat /proc/1/comm)"; done
# $$ is this shell: its own counter, independent of init's.
echo "self: $(cat /proc/$$/comm)"
echo "init read 4: $(cat /proc/1/comm)"
# Both vCPUs count the same task at once: no read may be lost.
sleep 1000 & sl=$!
reader() { i=0; while [ $i -lt 100 ]; do cat /proc/$sl/comm >/dev/null; i=$((i + 1)); done; }
reader & r1=$!
reader & r2=$!
wait $r1 $r2
# 200 reads, so this is the 201st.
echo "concurrent: $(cat /proc/$sl/comm)"
kill $sl
echo 0 > $S/enabled || exit 1
echo "reverted: $(cat /proc/1/comm)"
rmmod kpatch_comm || exit 1
rmmod kpatch || exit 1
dmesg | grep -E 'kpatch_comm:' | sed 's/^\[[^]]*\] //'
echo "shadow: done"
