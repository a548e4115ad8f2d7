#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-stress.bats: CYCLES cycles of stacked
# patches while both vCPUs keep calling the patched functions: a on, b on
# top of it, r (atomic replace) replacing both, r off. What /proc/cmdline
# and /proc/version print is checked after every step.
#   guest.sh [CYCLES]
CYCLES=${1:-1000}
K=/sys/kernel/kpatch
fail() { echo "stress: $*"; dmesg | grep kpatch | tail -20; exit 1; }
read -r orig < /proc/cmdline
read -r origv < /proc/version

# expect CMDLINE VERSION STEP (read, not cat: no fork per check)
expect() {
	read -r got < /proc/cmdline
	[ "$got" = "$1" ] || fail "cycle $i $3: cmdline $got"
	read -r got < /proc/version
	[ "$got" = "$2" ] || fail "cycle $i $3: version $got"
}

insmod kpatch.ko || fail "kpatch.ko"
for p in a b r; do
	insmod kpatch_stress_$p.ko || fail "load $p"
	echo 0 > $K/kpatch_stress_$p/enabled || fail "disable $p"
done
expect "$orig" "$origv" loaded
reader() { while :; do cat "$1" >/dev/null; done; }
reader /proc/cmdline & r1=$!
reader /proc/version & r2=$!
t0=$(date +%s)
i=0
while [ $i -lt "$CYCLES" ]; do
	echo 1 > $K/kpatch_stress_a/enabled || fail "cycle $i: a on"
	expect stress-a "$origv" "a on"
	echo 1 > $K/kpatch_stress_b/enabled || fail "cycle $i: b on"
	expect stress-b "stress-b version" "b on"
	echo 1 > $K/kpatch_stress_r/enabled || fail "cycle $i: r on"
	expect stress-r "stress-r version" "r on"
	read -r ea < $K/kpatch_stress_a/enabled
	read -r eb < $K/kpatch_stress_b/enabled
	[ "$ea$eb" = 00 ] || fail "cycle $i: a or b still enabled after the replace"
	echo 0 > $K/kpatch_stress_r/enabled || fail "cycle $i: r off"
	expect "$orig" "$origv" "r off"
	i=$((i + 1))
done
kill $r1 $r2
echo "cycles: $i in $(($(date +%s) - t0)) s"
grep -c . $K/timeline | sed 's/^/timeline lines: /'
for p in a b r; do rmmod kpatch_stress_$p || fail "rmmod $p"; done
rmmod kpatch || fail "rmmod kpatch"
echo "stress: done"
