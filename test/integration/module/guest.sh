#!/bin/sh
# A patch to configs.ko (kernel/configs.c): /proc/config.gz is cut to 16
# bytes while the patch is applied. First with the module loaded before the
# patch, then with the patch loaded first and the module loaded, unloaded and
# loaded again three times.
set -e
name=$1
mod=$(echo "kpatch-$name" | tr - _)
size() { wc -c </proc/config.gz; }
fail() { echo "FAIL: $*"; exit 1; }

insmod ./kpatch.ko
insmod ./configs.ko
[ "$(size)" -gt 16 ] || fail "config.gz already short before patching"
insmod "./kpatch-$name.ko"
[ "$(size)" -eq 16 ] || fail "patch to a loaded module not applied"
echo 0 >"/sys/kernel/kpatch/$mod/enabled"
rmmod "$mod"
[ "$(size)" -gt 16 ] || fail "patch to a loaded module not reverted"
rmmod configs

insmod "./kpatch-$name.ko"
for i in 1 2 3; do
	insmod ./configs.ko
	[ "$(size)" -eq 16 ] || fail "module loaded after the patch (round $i) not patched"
	rmmod configs
done
echo 0 >"/sys/kernel/kpatch/$mod/enabled"
rmmod "$mod"
insmod ./configs.ko
[ "$(size)" -gt 16 ] || fail "module not restored after the patch was removed"
echo "case $name: ok"
