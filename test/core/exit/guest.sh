#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-exit.bats, one boot:
#   forks    200 revert/apply cycles of kpatch_cmdline (which no task
#            calls) with no retry, while two loops fork and reap
#            subshells: any refusal names a task that died under the
#            early walk (its stack reused), but for one whose unwinding
#            stopped in a retpoline thunk (see forks())
#   exit     a kthread released by exit_notify() sleeps in
#            exit_task_stack_account's replacement (kpatch_exit.ko): the
#            revert must be refused naming it, and go through once it left
#   modload  while such a revert retries for 6 s, an unrelated insmod must
#            not wait for the retries to end
#   gone     a registration fails (kpatch_gone.ko's pre-patch) while its
#            target module kobject_example unloads: no ftrace filter is
#            left on the module's freed text
#   leaks    where the kernel has kmemleak (the debug kernel): no object
#            kpatch.ko allocated is left unreferenced by the tests above
#   and no kernel address in kpatch's kernel log lines.
# ./args holds kpatch_cmdline's old_addr=, ./gone_args kpatch_gone's old_off=.
K=/sys/kernel/kpatch
C=$K/kpatch_cmdline
X=$K/kpatch_exit
XP=/sys/module/kpatch_exit/parameters
R=/sys/module/kpatch/parameters
fail() {
	echo "exit: $*"
	dmesg | grep -E 'kpatch' | tail -20
	exit 1
}

# uptime_cs: the time since boot in hundredths of a second
uptime_cs() {
	read -r up _ < /proc/uptime
	echo "${up%.*}${up#*.}"
}

# busy_pid: the pid the newest refusal in the timeline names
busy_pid() {
	grep ' refuse ' $K/timeline | tail -1 | sed -n 's/.* busy=\([0-9]*\):.*/\1/p'
}

forks() {
	# shellcheck disable=SC2046 # args holds module parameters
	insmod kpatch_cmdline.ko $(cat args) || fail "kpatch_cmdline"
	echo 0 > $R/retries
	(while :; do (:); done) & l1=$!
	(while :; do (:); done) & l2=$!
	i=0 refused=0 dead=0 thunk=0
	while [ $i -lt 200 ]; do
		for v in 0 1; do
			until echo $v > $C/enabled 2>/dev/null; do
				refused=$((refused + 1))
				pid=$(busy_pid)
				[ $refused -lt 100 ] || fail "100 refusals"
				[ -d "/proc/$pid" ] && continue
				# A subshell preempted on the first instruction
				# of a retpoline thunk (6.12), where ORC marks
				# the frame undefined: its stack is unreliable
				# for that moment, then it exits. Not a stack
				# read after its reuse, which has no such frame.
				if dmesg | grep 'kpatch_cmdline refused' | tail -1 |
					grep -q "pid $pid (.*unwinding stopped at __x86_indirect_"; then
					thunk=$((thunk + 1))
					continue
				fi
				dead=$((dead + 1))
				echo "forks: refusal names pid $pid, not in /proc"
				dmesg | grep 'kpatch_cmdline refused' | tail -1
			done
		done
		i=$((i + 1))
	done
	kill $l1 $l2
	echo "forks: $i cycles, refusals=$refused naming a dead pid=$dead (and $thunk a dead pid preempted in a retpoline thunk)"
	echo 5 > $R/retries
	echo 0 > $C/enabled || fail "revert kpatch_cmdline"
	rmmod kpatch_cmdline || fail "unload kpatch_cmdline"
}

# wait_parked N: until kpatch_exit's parked reads N (10 s)
wait_parked() {
	i=0
	until [ "$(cat $XP/parked)" = "$1" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "parked never read $1"
		sleep 0.1
	done
}

exiting() {
	insmod kpatch_exit.ko || fail "kpatch_exit"
	echo 1 > $XP/spawn || fail "spawn"
	wait_parked 1
	pid=$(cat $XP/sleeper_pid)
	[ -d "/proc/$pid" ] && fail "the sleeper $pid is still listed: not released"
	echo "exit: kthread $pid sleeps in exit_task_stack_account, gone from /proc"
	if echo 0 > $X/enabled 2>/dev/null; then
		echo "exit: reverted with a task inside the replacement"
		echo 0 > $XP/hold
		wait_parked 0
		rmmod kpatch_exit
		fail "revert not refused"
	fi
	dmesg | grep -o 'revert of kpatch_exit refused.*' | tail -1
	echo "exit: timeline: $(grep ' refuse kpatch_exit ' $K/timeline | tail -1 | cut -d' ' -f2-)"
}

# An unrelated module's load while a revert is refused over and over.
modload() {
	echo 20 > $R/retries
	echo 300 > $R/retry_delay_ms
	t0=$(uptime_cs)
	(echo 0 > $X/enabled) 2>/dev/null & w=$!
	sleep 1
	t1=$(uptime_cs)
	insmod kpatch_victim.ko || fail "insmod victim"
	t2=$(uptime_cs)
	wait $w && fail "revert went through with the sleeper inside"
	t3=$(uptime_cs)
	echo "modload: insmod took $(((t2 - t1) * 10)) ms; the refused revert $(((t3 - t0) * 10)) ms"
	dmesg | grep -o 'revert of kpatch_exit refused.*' | tail -1
	rmmod kpatch_victim || fail "rmmod victim"
	echo 5 > $R/retries
	echo 20 > $R/retry_delay_ms
}

released() {
	echo 0 > $XP/hold
	wait_parked 0
	sleep 0.2
	echo 0 > $X/enabled || fail "revert after the sleeper left"
	echo "exit: reverted after the sleeper left: enabled=$(cat $X/enabled)"
	dmesg | grep -o 'kpatch_exit: [0-9]* left exit_task_stack_account'
	rmmod kpatch_exit || fail "rmmod kpatch_exit"
}

# The rmmod waits in kpatch.ko's GOING notifier for the failing
# registration's mutex.
gone() {
	insmod kobject-example.ko || fail "kobject-example"
	before=$(dmesg | grep -c 'ftrace filter not removed')
	# shellcheck disable=SC2046 # gone_args holds module parameters
	insmod kpatch_gone.ko $(cat gone_args) pre_ms=1500 2>/dev/null & ins=$!
	sleep 0.7
	rmmod kobject_example & rm=$!
	# busybox's insmod tries a failing module again: that one finds the
	# module gone and registers (deferred)
	wait $ins
	wait $rm || fail "rmmod kobject_example"
	dmesg | grep -q 'kpatch_gone: pre-patch sleeps' || fail "no pre-patch"
	dmesg | grep -q 'kpatch_gone: registration refused' || fail "not refused"
	if [ -d $K/kpatch_gone ]; then
		echo 0 > $K/kpatch_gone/enabled || fail "revert kpatch_gone"
		rmmod kpatch_gone || fail "rmmod kpatch_gone"
	fi
	echo "gone: filters left on freed text: $(($(dmesg | grep -c 'ftrace filter not removed') - before))"
	insmod kobject-example.ko || fail "kobject-example again"
	echo "gone: foo reads $(cat /sys/kernel/kobject_example/foo)"
	rmmod kobject_example || fail "rmmod kobject_example again"
}

# kmemleak reports only objects older than 5 s, so the scan waits that
# long first; a second scan confirms (kmemleak's own advice against
# transient false reports).
leaks() {
	L=/sys/kernel/debug/kmemleak
	if [ ! -e $L ]; then
		echo "leaks: no kmemleak in this kernel"
		return
	fi
	sleep 6
	echo scan > $L
	echo scan > $L
	cat $L > /tmp/kmemleak
	n=$(awk '/^unreferenced object/ { if (k) n++; k = 0; next }
		/\[kpatch[a-z_]*\]/ { k = 1 }
		END { if (k) n++; print n + 0 }' /tmp/kmemleak)
	echo "leaks: kmemleak reports $n unreferenced objects from kpatch"
	[ "$n" = 0 ] || head -40 /tmp/kmemleak
}

insmod kpatch.ko || fail "kpatch.ko"
gone
forks
exiting
modload
released
leaks
rmmod kpatch || fail "rmmod kpatch"
if dmesg | grep kpatch | grep -E 'ffff[0-9a-f]{12}'; then
	echo "exit: a kernel address in kpatch's log"
else
	echo "exit: no kernel address in kpatch's log"
fi
echo "exit: done"
