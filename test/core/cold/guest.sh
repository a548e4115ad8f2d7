#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of the cold-part test: kpcold.ko has two static kp_dup, only
# the second with a kp_dup.cold, and its kthread sleeps in that cold part.
# Patching kp_dup at position 2 must see the task: refused as ambiguous
# when the patch does not record which kp_dup.cold is its own, refused as
# busy (naming the task) when it does; a wrong position is refused; the
# first kp_dup, which has no cold part, patches at once; the second once
# the task has left. The file `offs` holds both kp_dup's .text offsets.
K=/sys/kernel/kpatch
NONE=18446744073709551615
fail() {
	echo "cold: $*"
	dmesg | grep -E 'kpatch|kpcold' | sed 's/^\[[^]]*\] //'
	exit 1
}
read -r off1 off2 <offs
# patch ARGS...: load kpatch_cold.ko at position 2 unless ARGS say otherwise
patch() {
	insmod kpatch_cold.ko sympos=2 old_off="$off2" "$@"
}
unpatch() {
	echo 0 >$K/kpatch_cold/enabled || return 1
	rmmod kpatch_cold
}

insmod kpatch.ko retries=2 retry_delay_ms=10 || fail "kpatch.ko"
insmod kpcold.ko || fail "kpcold"
echo 1 >/sys/module/kpcold/parameters/park
sleep 1
dmesg | grep -q "kpcold: parked in kp_dup.cold" || fail "the kthread did not park"
patch 2>/dev/null && fail "accepted without knowing which kp_dup.cold is kp_dup 2's"
echo "refused unrecorded cold part"
patch cold_sympos=2 2>/dev/null && fail "accepted with a wrong cold_sympos"
echo "refused wrong cold position"
patch cold_sympos=1 2>/dev/null && fail "accepted while the kthread is in kp_dup.cold"
echo "refused busy: $(grep 'refuse kpatch_cold' $K/timeline | tail -n 1)"
insmod kpatch_cold.ko sympos=1 old_off="$off1" 2>/dev/null &&
	fail "kp_dup 1 accepted with an unrecorded cold part"
insmod kpatch_cold.ko sympos=1 old_off="$off1" cold_sympos=$NONE ||
	fail "kp_dup 1, which has no cold part"
echo "first applied: $(cut -d' ' -f1-3,6 $K/kpatch_cold/functions)"
unpatch || fail "revert 1"
echo 0 >/sys/module/kpcold/parameters/park
sleep 1
dmesg | grep -q "kpcold: left kp_dup.cold" || fail "the kthread did not leave"
patch cold_sympos=1 || fail "kp_dup 2 after the kthread left"
echo "second applied: $(cut -d' ' -f1-3,6 $K/kpatch_cold/functions)"
unpatch || fail "revert 2"
rmmod kpcold || fail "rmmod kpcold"
dmesg | grep -E 'kpatch: kp_dup|kpatch_cold (refused|apply)|refused after' | sed 's/^\[[^]]*\] //'
echo "cold: done"
