#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-symbols.bats.
#   guest.sh mounts       m_show (name occurs twice): sympos, ambiguity
#   guest.sh filesystems  static filesystems_proc_show reading static data
# The *.args files hold module parameters with the build's values;
# splitting them is intended.
# shellcheck disable=SC2046
K=/sys/kernel/kpatch
fail() { echo "FAIL: $*"; exit 1; }

mounts() {
	S=$K/kpatch_mounts
	before=$(cat /proc/mounts)
	n=$(wc -l < /proc/mounts)
	if insmod kpatch_mounts.ko 2>/dev/null; then
		fail "ambiguous m_show accepted"
	fi
	if insmod kpatch_mounts.ko $(cat mounts-other.args) 2>/dev/null; then
		fail "the other m_show's address accepted"
	fi
	[ "$(cat /proc/mounts)" = "$before" ] || fail "changed by a refusal"
	echo "refused ambiguous and wrong-position m_show"
	insmod kpatch_mounts.ko $(cat mounts.args) || fail "insmod"
	echo "functions: $(cat $S/functions)"
	[ "$(grep -c '^kpatched$' /proc/mounts)" = "$n" ] ||
		fail "/proc/mounts: $(cat /proc/mounts)"
	echo "mounts patched: $n lines read kpatched"
	if ! grep -q '^kpatch_mounts ' /proc/modules ||
		grep -q kpatched /proc/modules; then
		fail "/proc/modules: $(cat /proc/modules)"
	fi
	echo "modules untouched: $(grep '^kpatch_mounts ' /proc/modules)"
	echo 0 > $S/enabled || fail "revert"
	[ "$(cat /proc/mounts)" = "$before" ] || fail "not reverted"
	echo "mounts reverted"
	rmmod kpatch_mounts || fail "rmmod"
	echo "mounts: done"
}

filesystems() {
	S=$K/kpatch_filesystems
	before=$(cat /proc/filesystems)
	insmod kpatch_filesystems.ko $(cat filesystems.args) || fail "insmod"
	[ "$(head -n 1 /proc/filesystems)" = kpatched ] ||
		fail "not patched: $(cat /proc/filesystems)"
	[ "$(tail -n +2 /proc/filesystems)" = "$before" ] ||
		fail "static list read wrong: $(cat /proc/filesystems)"
	echo "patched: kpatched + $(echo "$before" | wc -l) filesystems as before"
	echo 0 > $S/enabled || fail "revert"
	[ "$(cat /proc/filesystems)" = "$before" ] || fail "not reverted"
	echo 1 > $S/enabled || fail "re-apply"
	[ "$(head -n 1 /proc/filesystems)" = kpatched ] || fail "not re-applied"
	echo "reverted and re-applied"
	echo 0 > $S/enabled || fail "revert"
	rmmod kpatch_filesystems || fail "rmmod"
	echo "filesystems: done"
}

insmod kpatch.ko || fail "kpatch.ko"
"$1"
