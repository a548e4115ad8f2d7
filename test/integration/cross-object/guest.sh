#!/bin/sh
# A new function in a vmlinux file (fs/proc/version.c) called from a patched
# function of kobject-example.ko: the patch module links the call itself, so
# /sys/kernel/kobject_example/foo shows the new function's string.
set -e
name=$1
mod=$(echo "kpatch-$name" | tr - _)
foo=/sys/kernel/kobject_example/foo
fail() { echo "FAIL: $*"; exit 1; }

insmod ./kpatch.ko
insmod ./kobject-example.ko
echo 7 >"$foo"
[ "$(cat "$foo")" = 7 ] || fail "foo is '$(cat "$foo")' before patching"
insmod "./kpatch-$name.ko" || fail "the patch module did not load: $(dmesg | tail -n 5)"
[ "$(cat "/sys/kernel/kpatch/$mod/enabled")" = 1 ] || fail "$mod not enabled"
[ "$(cat "$foo")" = "kpatch-cross-object 7" ] || fail "foo is '$(cat "$foo")' with the patch"
echo 0 >"/sys/kernel/kpatch/$mod/enabled"
rmmod "$mod"
[ "$(cat "$foo")" = 7 ] || fail "foo is '$(cat "$foo")' after unpatching"
echo "case $name: ok"
