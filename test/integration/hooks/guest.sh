#!/bin/sh
# Load/unload hooks and the four callbacks of a patch to fs/proc/cmdline.c,
# each logging "kpatch-hooks: ..." with pr_info. They must run once each, in
# kpatch's order: pre-patch, load hook, post-patch when the patch is
# applied; pre-unpatch, unload hook, post-unpatch when it is reverted. The
# load hook sets a new variable that the patched cmdline_proc_show prints
# (hooks=1), and the post-unpatch callback sees the unload hook's value.
set -e
name=$1
mod=$(echo "kpatch-$name" | tr - _)
fail() { echo "FAIL: $*"; exit 1; }
events() { dmesg | sed -n 's/.*kpatch-hooks: //p' | tr '\n' ';'; }

insmod ./kpatch.ko
! grep -q 'hooks=' /proc/cmdline || fail "cmdline patched before loading"
[ -z "$(events)" ] || fail "hooks ran before loading: $(events)"

insmod "./kpatch-$name.ko"
[ "$(cat "/sys/kernel/kpatch/$mod/enabled")" = 1 ] || fail "$mod not enabled"
grep -q ' hooks=1$' /proc/cmdline || fail "cmdline: $(cat /proc/cmdline)"
got=$(events)
echo "after load: $got"
[ "$got" = "pre-patch;load hook;post-patch state=1;" ] || fail "apply order: $got"

echo 0 >"/sys/kernel/kpatch/$mod/enabled"
got=$(events)
echo "after disable: $got"
[ "$got" = "pre-patch;load hook;post-patch state=1;pre-unpatch;unload hook;post-unpatch state=2;" ] ||
	fail "revert order: $got"
! grep -q 'hooks=' /proc/cmdline || fail "cmdline still patched after disable"
rmmod "$mod"
[ "$(events)" = "$got" ] || fail "hooks ran again at rmmod: $(events)"
! grep -q 'hooks=' /proc/cmdline || fail "cmdline patched after unloading"
echo "case $name: ok"
