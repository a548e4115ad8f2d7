#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-edges.bats, one boot (preempt=full) for
# three unsafe edges of kpatch.ko:
#   nmi     CYCLES apply/revert cycles of a 2-function patch under an NMI
#           storm during every stop_machine() (kpedge.ko, edge_nmi.c)
#   tramp   a task preempted inside the core's ftrace handler blocks an
#           unrelated transition, which goes through once it has left
#   removal the top one of two patches stacked on edge_f() reverted and
#           unloaded while a task calls edge_f() nonstop on the other CPU
#   late    a task that enters edge_l() after the check before the window
#           (edge_late.c) is seen in the window, with the switch log and
#           with every task walked (kpatch's switch_log_tasks=1, then 0)
#   guest.sh [CYCLES] [SPIN_MS]
# The bats file passes a_off=, b_off=, f_off= and l_off= (offsets in
# kpedge.ko's .text) in ./offsets.
CYCLES=${1:-300}
SPIN_MS=${2:-4000}
K=/sys/kernel/kpatch
P=/sys/module/kpedge/parameters
AB=$K/kpatch_edge_ab
RT=/proc/sys/kernel/sched_rt_runtime_us
fail() {
	echo "edges: $*"
	dmesg | grep -E 'kpatch|kpedge' | tail -20
	exit 1
}

# ksym NAME [MODULE]: NAME's address in /proc/kallsyms (empty if none)
ksym() {
	awk -v n="$1" -v m="${2:+[$2]}" \
		'$3 == n && $4 == m { print "0x" $1; exit }' /proc/kallsyms
}

# flip FILE: write the opposite of what FILE reads; the status of the write
flip() {
	read -r cur < "$1"
	echo $((1 - cur)) > "$1" 2>/dev/null
}

setup() {
	insmod kpatch.ko || fail "kpatch.ko"
	# stop_machine()'s loop and the core's switch (flip() when not inlined)
	win=$(ksym multi_cpu_stop),$(ksym stop_machine_yield),$(ksym do_switch kpatch)
	fl=$(ksym flip kpatch)
	[ -n "$fl" ] && win=$win,$fl
	sw=$(ksym kpatch_switching kpatch)
	echo "windows: $win switching: $sw"
	insmod kpedge.ko win="$win" switching="$sw" || fail "kpedge.ko"
	# shellcheck disable=SC2046 # offsets holds module parameters
	insmod kpatch_edge_ab.ko $(grep -e a_off -e b_off offsets) || fail "load ab"
	echo 0 > $AB/enabled || fail "disable ab"
}

nmi() {
	ok=0 refused=0 i=0
	before=$(dmesg | grep -c 'is in <nmi-during-switch>')
	echo 1 > $P/armed || fail "arm"
	t0=$(date +%s)
	while [ $i -lt $((2 * CYCLES)) ]; do
		if flip $AB/enabled; then ok=$((ok + 1)); else refused=$((refused + 1)); fi
		i=$((i + 1))
	done
	echo 0 > $P/armed || fail "disarm"
	echo "nmi: $CYCLES cycles in $(($(date +%s) - t0)) s: transitions ok=$ok refused=$refused"
	echo "nmi stats: $(cat $P/nmi_stats)"
	echo "nmi refusals: $(($(dmesg | grep -c 'is in <nmi-during-switch>') - before))"
	echo "nmi timeline: refused $(grep -c 'nmi-during-switch' $K/timeline) of the last $(grep -c . $K/timeline) events"
	echo "nmi waits: $(cat /sys/module/kpatch/parameters/nmi_waits)"
	grep NMI: /proc/interrupts
	read -r cur < $AB/enabled
	[ "$cur" = 0 ] || echo 0 > $AB/enabled || fail "ab left enabled"
}

# wait_log TEXT N WHY: until the kernel log has TEXT more than N times (5 s),
# or fail with WHY
wait_log() {
	i=0
	until [ "$(dmesg | grep -c "$1")" -gt "$2" ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "$3"
		sleep 0.1
	done
}

# park: the parker inside the handler (its stack shows it), or fail
park() {
	pid=$(cat $P/park_pid)
	echo 1 > $P/park || fail "park"
	sleep 0.5
	grep -q kpatch_handler /proc/"$pid"/stack
}

tramp() {
	# shellcheck disable=SC2046
	insmod kpatch_edge_f1.ko $(grep f_off offsets) || fail "load f1"
	echo -1 > $RT || fail "rt throttling"
	try=0
	while :; do
		park && break
		echo 0 > $P/hog
		try=$((try + 1))
		[ $try -lt 3 ] || fail "parker never stopped in the handler: $(cat /proc/"$pid"/stack)"
		sleep 0.5
	done
	echo "tramp: parker $pid stopped in the handler after $try misses:"
	sed 's/^/  /' /proc/"$pid"/stack
	echo 1 > $AB/enabled 2>/dev/null && fail "applied with a task in the handler"
	echo "tramp: refused: $(grep ' refuse kpatch_edge_ab ' $K/timeline | tail -1 | cut -d' ' -f2-)"
	left=$(dmesg | grep -c 'kpedge: parker left edge_f')
	echo 0 > $P/hog
	wait_log 'kpedge: parker left edge_f' "$left" "parker did not leave the handler"
	echo 1 > $AB/enabled || fail "apply after the parker left"
	echo "tramp: applied after the parker left: enabled=$(cat $AB/enabled)"
	echo 0 > $AB/enabled || fail "revert ab"
	echo 950000 > $RT
}

# dmesg_ns WORDS: the number after WORDS " at " in the kernel log
dmesg_ns() {
	dmesg | sed -n "s/.*$1 at \([0-9]*\).*/\1/p" | tail -1
}

removal() {
	# shellcheck disable=SC2046
	insmod kpatch_edge_f2.ko $(grep f_off offsets) || fail "load f2"
	echo "$SPIN_MS" > $P/spin_ms || fail "spin"
	sleep 0.3
	i=0
	until echo 0 > $K/kpatch_edge_f2/enabled 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 10 ] || fail "revert of f2 refused 10 times"
	done
	echo "removal: f2 reverted after $i refusals"
	rmmod kpatch_edge_f2 || fail "rmmod f2"
	i=0
	until dmesg | grep 'kpedge: spinner stopped' >/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "spinner did not stop"
		sleep 0.1
	done
	dmesg | grep 'kpedge: spinner stopped'
	t1=$(dmesg_ns "kpatch_edge_f2: removal started")
	t2=$(dmesg_ns "kpatch_edge_f2: removal done")
	t3=$(dmesg_ns "kpedge: spinner stopped")
	echo "removal: started $(((t3 - t1) / 1000000)) ms before the spinner stopped, returned $(((t2 - t3) / 1000000)) ms after it"
	[ "$t1" -lt "$t3" ] || fail "the removal started after the spinner stopped: nothing tested"
	[ "$t3" -le "$t2" ] && echo "removal: waited for the spinner"
	echo 0 > $K/kpatch_edge_f1/enabled || fail "revert f1"
	rmmod kpatch_edge_f1 || fail "rmmod f1"
}

# nthreads: the number of tasks (threads) in the machine
nthreads() {
	set -- /proc/[0-9]*/task/[0-9]*
	echo $#
}

# late MIN: the late entrant with kpatch's switch_log_tasks=MIN and one try
# (1: the switch log, registered at the first such transition; 0: none)
late() {
	R=/sys/module/kpatch/parameters
	L=$K/kpatch_edge_l
	echo "$1" > $R/switch_log_tasks || fail "switch_log_tasks"
	echo 0 > $R/retries || fail "retries"
	left=$(dmesg | grep -c 'kpedge: late left edge_l')
	echo 1500 > $P/late_ms || fail "arm late"
	# the handler spins on the writer's CPU: not the late entrant's
	taskset 1 sh -c "echo 1 > $L/enabled" 2>/dev/null &&
		fail "applied with the late entrant in edge_l"
	echo "late $1: released=$(cat $P/released) entered_in_time=$(cat $P/entered_in_time) tasks=$(nthreads)"
	echo "late $1: refused: $(grep ' refuse kpatch_edge_l ' $K/timeline | tail -1 | cut -d' ' -f2-)"
	echo "late $1: window tasks: $(cat $R/window_tasks)"
	wait_log 'kpedge: late left edge_l' "$left" "the late entrant did not leave edge_l"
	echo 1 > $L/enabled || fail "apply after the late entrant left"
	echo "late $1: applied after it left: enabled=$(cat $L/enabled) window tasks: $(cat $R/window_tasks)"
	echo 0 > $L/enabled || fail "revert l"
	echo 5 > $R/retries
	echo 1000 > $R/switch_log_tasks
}

setup
nmi
tramp
removal
# shellcheck disable=SC2046
insmod kpatch_edge_l.ko $(grep l_off offsets) || fail "load l"
echo 0 > $K/kpatch_edge_l/enabled || fail "disable l"
late 1
late 0
rmmod kpatch_edge_l || fail "rmmod l"
rmmod kpatch_edge_ab || fail "rmmod ab"
rmmod kpedge || fail "rmmod kpedge"
rmmod kpatch || fail "rmmod kpatch"
echo "edges: done"
