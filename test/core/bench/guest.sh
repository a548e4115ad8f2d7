#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/bench/core-bench.sh. Prints "key value" lines: medians
# of empty stop_machine() (ns; back to back, and sampled between the revert
# and the apply of each cycle), of kpatch windows over CYCLES apply cycles
# (ns), and per-call costs of jiffies_to_msecs (ps), without and with the
# 1,000 sleeping kernel threads; then the 100-function patch's windows with
# 10,000 sleeping threads, with the switch log (only the tasks that ran
# since the check before the window are looked at in it) and without.
#   guest.sh [CYCLES [ROUNDS]]
CYCLES=${1:-31}
ROUNDS=${2:-3}
K=/sys/kernel/kpatch
P=/sys/module/kpbench/parameters
L=/sys/kernel/livepatch/klp_call
fail() { echo "bench: $*"; exit 1; }

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

call_cost() {
	echo "call 51" > $P/run || fail "call"
	cat $P/result
}

# measure KEY "stop N"|"stub 1"
measure() {
	echo "$2" > $P/run || fail "$1 failed"
	echo "$1 $(cat $P/result)"
}

# windows SUFFIX PATCH: CYCLES times revert, time one empty stop_machine()
# from here (a sysfs write, as the apply is), re-apply; both medians
windows() {
	i=0 all='' empty=''
	while [ $i -lt "$CYCLES" ]; do
		echo 0 > "$K/$2/enabled" || fail "revert of $2"
		echo "stop 1" > $P/run || fail "stop 1"
		echo 1 > "$K/$2/enabled" || fail "apply of $2"
		# Read after both, so that neither follows a fork.
		empty="$empty $(cat $P/result)"
		all="$all $(cat "$K/$2/last_window_ns")"
		i=$((i + 1))
	done
	echo "window_$2$1 $(echo "$all" | median)"
	echo "empty_$2$1 $(echo "$empty" | median)"
}

# kpatch_windows SUFFIX: both patches' windows
kpatch_windows() {
	insmod kpatch_call.ko || fail "kpatch_call"
	windows "$1" kpatch_call
	echo 0 > $K/kpatch_call/enabled || fail "revert"
	rmmod kpatch_call || fail "rmmod kpatch_call"
	insmod kpatch_many.ko || fail "kpatch_many"
	windows "$1" kpatch_many
	measure "stub$1" "stub 1"
	echo 0 > $K/kpatch_many/enabled || fail "revert"
	rmmod kpatch_many || fail "rmmod kpatch_many"
}

ntasks() {
	n=0
	for _ in /proc/[0-9]*; do n=$((n + 1)); done
	echo "$n"
}

# wait_transition: until the livepatch is settled (or gone, once disabled)
wait_transition() {
	i=0
	while [ -e $L/transition ] && [ "$(cat $L/transition)" != 0 ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || fail "livepatch transition did not finish"
		sleep 0.1
	done
}

insmod kpatch.ko || fail "kpatch.ko"
insmod kpbench.ko || fail "kpbench.ko"
echo "tasks $(ntasks)"
measure stop "stop 201"
kpatch_windows ""
# Call costs in ROUNDS rounds of: unpatched, kpatch, kpatch reverted,
# livepatch; each key gets the median of its rounds.
r=0 plain='' kp='' kpoff='' klp=''
while [ $r -lt "$ROUNDS" ]; do
	plain="$plain $(call_cost)"
	insmod kpatch_call.ko || fail "kpatch_call"
	kp="$kp $(call_cost)"
	echo 0 > $K/kpatch_call/enabled || fail "revert"
	kpoff="$kpoff $(call_cost)"
	rmmod kpatch_call || fail "rmmod kpatch_call"
	insmod klp_call.ko || fail "klp_call"
	wait_transition
	klp="$klp $(call_cost)"
	echo 0 > $L/enabled || fail "livepatch disable"
	wait_transition
	rmmod klp_call || fail "rmmod klp_call"
	r=$((r + 1))
done
echo "call_plain $(echo "$plain" | median)"
echo "call_kpatch $(echo "$kp" | median)"
echo "call_kpatch_off $(echo "$kpoff" | median)"
echo "call_klp $(echo "$klp" | median)"
echo "call_plain_again $(call_cost)"

insmod sleepers.ko count=1000 || fail "sleepers"
echo "tasks_sleepers $(ntasks)"
measure stop_sleepers "stop 201"
kpatch_windows _sleepers
rmmod sleepers || fail "rmmod sleepers"

# The 100-function patch with 10,000 sleeping threads (issue 13's row).
# The test kernel is BASE_SMALL: pid_max starts at 4096.
echo 32768 > /proc/sys/kernel/pid_max || fail "pid_max"
echo 20000 > /proc/sys/kernel/threads-max || fail "threads-max"
insmod sleepers.ko count=10000 || fail "10,000 sleepers"
echo "tasks_sleepers10k $(ntasks)"
measure stop_sleepers10k "stop 201"
insmod kpatch_many.ko || fail "kpatch_many"
windows _sleepers10k kpatch_many
echo "wtasks_sleepers10k $(cat /sys/module/kpatch/parameters/window_tasks)"
# the same without the switch log: the window looks at every task
echo 0 > /sys/module/kpatch/parameters/switch_log_tasks || fail "switch_log_tasks"
windows _sleepers10k_all kpatch_many
echo "wtasks_sleepers10k_all $(cat /sys/module/kpatch/parameters/window_tasks)"
echo 1000 > /sys/module/kpatch/parameters/switch_log_tasks
echo 0 > $K/kpatch_many/enabled || fail "revert"
rmmod kpatch_many || fail "rmmod kpatch_many"
rmmod sleepers || fail "rmmod 10,000 sleepers"
echo "bench: done"
