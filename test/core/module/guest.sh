#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-module.bats: a patch to kobject-example.ko
# applied while the module is loaded, then loaded first with the module
# loaded and unloaded three times; a refusing pre-patch callback fails the
# module's load; a wrong recorded offset is refused either way.

. "$(dirname "$0")/lib.sh"

K=/sys/kernel/kpatch
S=$K/kpatch_kobj
F=/sys/kernel/kobject_example/foo
off=$(cat off)
insmod kpatch.ko || exit 1
insmod kobject-example.ko || exit 1
echo 5 > $F
echo "orig: $(cat $F)"
insmod kpatch_kobj.ko old_off=0x10 2>/dev/null && { echo "bad offset accepted"; exit 1; }
echo "bad offset refused: $(cat $F)"
insmod kpatch_kobj.ko old_off="$off" || exit 1
echo "patched live: $(cat $F)"
echo "objects live: $(cat $S/objects), last $(cut -d' ' -f1 $S/last_transition)"
echo 0 > $S/enabled && echo "reverted: $(cat $F)" || exit 1
echo 1 > $S/enabled && echo "reapplied: $(cat $F)" || exit 1
unload_example || exit 1
echo "after module unload: enabled=$(cat $S/enabled) $(cut -d' ' -f1,2,6 $S/functions)"
echo "objects after unload: $(cat $S/objects), last $(cut -d' ' -f1 $S/last_transition)"
echo 0 > $S/enabled && rmmod kpatch_kobj || exit 1

insmod kpatch_kobj.ko old_off="$off" || exit 1
echo "deferred: $(cut -d' ' -f1,2,6 $S/functions)"
for i in 1 2 3; do
	insmod kobject-example.ko || exit 1
	echo "load $i fresh: $(cat $F)"
	echo $((i * 10)) > $F
	echo "load $i: $(cat $F) $(cut -d' ' -f6 $S/functions)"
	unload_example || exit 1
done
echo 1 > /sys/module/kpatch_kobj/parameters/fail_pre
insmod kobject-example.ko 2>/dev/null && { echo "refusing pre-patch ignored"; exit 1; }
echo "load refused by pre-patch: $(ls $F 2>/dev/null || echo absent)"
echo 0 > /sys/module/kpatch_kobj/parameters/fail_pre
insmod kobject-example.ko || exit 1
echo "load after refusal: $(cat $F)"
echo 0 > $S/enabled && echo "reverted with module: $(cat $F)" || exit 1
unload_example && rmmod kpatch_kobj || exit 1

insmod kpatch_kobj.ko old_off=0x10 || exit 1
insmod kobject-example.ko 2>/dev/null && { echo "bad offset accepted at load"; exit 1; }
echo "module load refused for bad offset: $(ls $F 2>/dev/null || echo absent)"
echo 0 > $S/enabled && rmmod kpatch_kobj || exit 1
insmod kobject-example.ko && echo "unpatched again: $(cat $F)" || exit 1
unload_example || exit 1
dmesg | grep -E 'kpatch_kobj: |address mismatch' | sed 's/^\[[^]]*\] //'
echo "timeline:"
cat $K/timeline
echo "module: done"
