#!/bin/sh
# An out-of-tree module (oot-src/, built against the test kernel) patched
# with --oot-module/--oot-module-src: /proc/kpatch_oot reads "patched" while
# the patch is applied, loaded after the module and, a second time, before it.
set -e
name=$1
mod=$(echo "kpatch-$name" | tr - _)
fail() { echo "FAIL: $*"; exit 1; }
reads() { [ "$(cat /proc/kpatch_oot)" = "$1" ] || fail "/proc/kpatch_oot is '$(cat /proc/kpatch_oot)', not $1 ($2)"; }

insmod ./kpatch.ko
insmod ./kpatch_oot_test.ko
reads original "before the patch"
insmod "./kpatch-$name.ko"
reads patched "patch loaded after the module"
echo 0 >"/sys/kernel/kpatch/$mod/enabled"
reads original "patch disabled"
rmmod "$mod"
rmmod kpatch_oot_test
insmod "./kpatch-$name.ko"
insmod ./kpatch_oot_test.ko
reads patched "module loaded after the patch"
echo 0 >"/sys/kernel/kpatch/$mod/enabled"
rmmod "$mod"
reads original "after the patch was removed"
echo "case $name: ok"
