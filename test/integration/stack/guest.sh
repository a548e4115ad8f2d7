#!/bin/sh
# Guest half of test/guest/integration-stack.bats: kpatch-stack-a and -b
# (built with -R, non-replace) both replace cmdline_proc_show and stack;
# kpatch-stack-c (built as kpatch-build's default, atomic replace) replaces
# both at once. /proc/cmdline ends in " stack=X" for the patch on top.
set -e
K=/sys/kernel/kpatch
fail() { echo "FAIL: $*"; exit 1; }
top() { sed -n 's/.* stack=\([ABC]\)$/\1/p' /proc/cmdline; }
want() {
	got=$(top)
	echo "$1: top=${got:-original}"
	[ "$got" = "$2" ] || fail "$1: /proc/cmdline is '$(cat /proc/cmdline)', want top '$2'"
}
en() { echo "$2" >"$K/kpatch_stack_$1/enabled"; }
state() { cat "$K/kpatch_stack_$1/enabled"; }

insmod ./kpatch.ko
want "before" ""
insmod ./kpatch-stack-a.ko
[ "$(cat $K/kpatch_stack_a/replace)" = 0 ] || fail "stack-a is a replace patch (built with -R)"
want "a loaded" A
insmod ./kpatch-stack-b.ko
[ "$(cat $K/kpatch_stack_b/replace)" = 0 ] || fail "stack-b is a replace patch (built with -R)"
want "b stacked on a" B
[ "$(state a)$(state b)" = 11 ] || fail "a and b not both enabled"
if en a 0 2>/dev/null; then fail "disabling a under an enabled b was accepted"; fi
want "a's disable refused" B
en b 0
want "b disabled" A
en b 1
want "b enabled again" B

insmod ./kpatch-stack-c.ko
[ "$(cat $K/kpatch_stack_c/replace)" = 1 ] || fail "stack-c is not a replace patch"
want "c replaces a and b" C
[ "$(state a)$(state b)$(state c)" = 001 ] ||
	fail "after the replace: a=$(state a) b=$(state b) c=$(state c)"
grep -q ' replace kpatch_stack_a ok' $K/timeline || fail "no replace event for a"
grep -q ' replace kpatch_stack_b ok' $K/timeline || fail "no replace event for b"
rmmod kpatch_stack_a kpatch_stack_b
want "a and b unloaded" C
en c 0
want "c disabled: the original, not a or b" ""
rmmod kpatch_stack_c
want "all unloaded" ""
cat $K/timeline
echo "stack: ok"
