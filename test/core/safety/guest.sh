#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/core-safety.bats, one boot for the unsafe edges
# of kpatch.ko: ftrace switched off both ways, a registration failing while
# another task writes `enabled`, a bad relocation destination, a patch of
# the function idle tasks sleep in, and /sys/kernel/kpatch read by a user.
K=/sys/kernel/kpatch
S=$K/kpatch_cmdline
FT=/proc/sys/kernel/ftrace_enabled
fail() { echo "safety: $*"; exit 1; }

# wait_for FILE: up to 10 s until it exists
wait_for() {
	i=0
	while [ ! -e "$1" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || return 1
		sleep 0.1
	done
}

ftrace_off() {
	echo 0 > $FT || fail "cannot switch ftrace off"
	# shellcheck disable=SC2046 # args holds module parameters
	insmod kpatch_cmdline.ko $(cat args) 2>/dev/null &&
		fail "patch loaded with ftrace off"
	echo "ftrace off: load refused: $(cat /proc/cmdline)"
	echo 1 > $FT || fail "cannot switch ftrace on"
	# shellcheck disable=SC2046
	insmod kpatch_cmdline.ko $(cat args) || fail "load with ftrace on"
	echo "ftrace on: $(cat /proc/cmdline) enabled=$(cat $S/enabled)"
	echo 0 > $FT 2>/dev/null && fail "ftrace switched off under a patch"
	echo "ftrace kept: ftrace_enabled=$(cat $FT) $(cat /proc/cmdline)"
	echo 0 > $S/enabled || fail "revert"
	rmmod kpatch_cmdline || fail "rmmod"
	echo 0 > $FT || fail "ftrace off after unload"
	echo 1 > $FT || fail "ftrace on again"
	echo "ftrace free again: $(cat /proc/cmdline)"
}

# The writer blocks on the core mutex while the pre-patch callback sleeps;
# the failed registration must remove sysfs without waiting for it.
register_race() {
	insmod kpatch_cmdline.ko fail_pre_patch_ms=3000 2>/dev/null &
	ins=$!
	wait_for $S/enabled || fail "no sysfs directory during registration"
	(echo 1 > $S/enabled) 2>/dev/null &
	wr=$!
	wait $ins && fail "registration with a failing pre-patch succeeded"
	wait $wr && fail "write to a failed patch's enabled succeeded"
	[ -e $S ] && fail "sysfs directory left behind"
	echo "register race: both refused, $(cat /proc/cmdline)"
}

bad_reloc() {
	insmod kpatch_victim.ko || fail "victim"
	before=$(cat /sys/module/kpatch_victim/parameters/value)
	insmod kpatch_badreloc.ko 2>/dev/null && fail "bad reloc accepted"
	echo "bad reloc refused: victim $before -> $(cat /sys/module/kpatch_victim/parameters/value)"
	rmmod kpatch_victim || fail "rmmod victim"
}

# CPU 1 spins in user space while ftrace rewrites schedule_idle's fentry
# site (at the load and in the refusal's cleanup): a vCPU running the idle
# loop through that rewrite can keep executing a stale int3 under TCG (a
# soft lockup; see the README). CPU 1's idle task stays inside
# schedule_idle, switched out there, so the check still has to refuse.
idle() {
	taskset 2 sh -c 'while :; do :; done' &
	spin=$!
	sleep 0.2
	if insmod kpatch_idle.ko 2>/dev/null; then
		kill $spin
		fail "idle patch accepted"
	fi
	kill $spin
	echo "idle patch refused"
}

as_user() {
	mkdir -p /etc
	echo "kpuser:x:1000:1000::/:/bin/sh" >> /etc/passwd
	echo "kpuser:x:1000:" >> /etc/group
	# shellcheck disable=SC2046
	insmod kpatch_cmdline.ko $(cat args) || fail "load for the user test"
	echo "uid: $(su kpuser -c 'id -u')"
	# shellcheck disable=SC2016 # expanded by the user's shell
	su kpuser -c 'for f in $(find /sys/kernel/kpatch -type f); do cat "$f" 2>/dev/null && echo "read: $f"; done' > user.out
	echo "user read $(grep -c '^read: ' user.out) files"
	grep -q "read: $S/functions" user.out && echo "user read functions"
	grep -iE '0x[0-9a-f]{8,}|ffffffff' user.out && echo "user saw an address"
	grep -q 0xffffffff $S/functions && echo "root sees addresses in functions"
	echo 0 > $S/enabled || fail "revert after the user test"
	rmmod kpatch_cmdline || fail "unload after the user test"
}

insmod kpatch.ko retries=1 retry_delay_ms=10 || fail "kpatch.ko"
ftrace_off
register_race
bad_reloc
idle
as_user
dmesg | grep -E 'kpatch' | grep -vE 'loading out-of-tree|taints kernel'
echo "safety: done"
