#!/bin/sh
# One patch to vmlinux (/proc/cmdline gains " kpatch=1") and to configs.ko
# (/proc/config.gz cut to 16 bytes), found without -t: one patch module with
# both objects, the module loaded before the patch.
set -e
name=$1
mod=$(echo "kpatch-$name" | tr - _)
size() { wc -c </proc/config.gz; }
fail() { echo "FAIL: $*"; exit 1; }

insmod ./kpatch.ko
insmod ./configs.ko
[ "$(size)" -gt 16 ] || fail "config.gz already short before patching"
! grep -q kpatch=1 /proc/cmdline || fail "cmdline already patched"
insmod "./kpatch-$name.ko"
[ "$(size)" -eq 16 ] || fail "the module's part not applied"
grep -q ' kpatch=1$' /proc/cmdline || fail "the vmlinux part not applied"
echo 0 >"/sys/kernel/kpatch/$mod/enabled"
rmmod "$mod"
[ "$(size)" -gt 16 ] || fail "the module's part not reverted"
! grep -q kpatch=1 /proc/cmdline || fail "the vmlinux part not reverted"
echo "case $name: ok"
