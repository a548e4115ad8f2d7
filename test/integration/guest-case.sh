#!/bin/sh
# Guest side of one integration case: check.sh PHASE must hold before the
# patch is loaded, while it is applied, and after it is reverted and removed.
set -e
name=$1
mod=$(echo "kpatch-$name" | tr - _)
insmod ./kpatch.ko
sh ./check.sh before || { echo "check failed before loading"; exit 1; }
insmod "./kpatch-$name.ko"
[ "$(cat "/sys/kernel/kpatch/$mod/enabled")" = 1 ] || { echo "$mod not enabled"; exit 1; }
sh ./check.sh loaded || { echo "check failed with the patch applied"; exit 1; }
echo 0 >"/sys/kernel/kpatch/$mod/enabled"
rmmod "$mod"
sh ./check.sh unloaded || { echo "check failed after unloading"; exit 1; }
echo "case $name: ok"
