#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of the module stacking test: two patches on kobject-example's
# foo_show stack in load order, also across a reload of the module; an
# atomic-replace patch that does not touch the module leaves it original,
# now and when it loads again.

. "$(dirname "$0")/lib.sh"

K=/sys/kernel/kpatch
F=/sys/kernel/kobject_example/foo
off=$(cat off)
insmod kpatch.ko || exit 1
insmod kpatch_kobj.ko old_off="$off" || exit 1
insmod kpatch_kobj2.ko old_off="$off" || exit 1
insmod kobject-example.ko || exit 1
echo "both, module after: $(cat $F)"
echo 0 > $K/kpatch_kobj/enabled 2>/dev/null && { echo "non-top revert accepted"; exit 1; }
echo 0 > $K/kpatch_kobj2/enabled && echo "second off: $(cat $F)" || exit 1
echo 1 > $K/kpatch_kobj2/enabled && echo "second on: $(cat $F)" || exit 1
unload_example && insmod kobject-example.ko || exit 1
echo "reloaded: $(cat $F)"
insmod kpatch_r.ko || exit 1
echo "replaced: $(cat $F) $(cat /proc/cmdline) kobj=$(cat $K/kpatch_kobj/enabled) kobj2=$(cat $K/kpatch_kobj2/enabled)"
unload_example && insmod kobject-example.ko || exit 1
echo "reloaded after replace: $(cat $F)"
rmmod kpatch_kobj2 kpatch_kobj || exit 1
echo 0 > $K/kpatch_r/enabled && rmmod kpatch_r || exit 1
unload_example || exit 1
echo "timeline:"
cat $K/timeline
echo "module stack: done"
