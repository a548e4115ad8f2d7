#!/bin/sh
# proc_pid_personality counts the reads of each task's /proc/PID/personality
# in a shadow variable attached to the task_struct (klp_shadow_*): a field
# the patch adds to struct task_struct. Two reads of init's file count up by
# one; a new shell's first read of its own file is 1. The post-unpatch
# callback frees the counters (it logs "kpatch-shadow: read counters freed").
reads() { sed -n 's/^[0-9a-f]* reads=\([0-9]*\)$/\1/p' "$1"; }
case "$1" in
loaded)
	first=$(reads /proc/1/personality)
	second=$(reads /proc/1/personality)
	# shellcheck disable=SC2016 # $$ is the inner shell's pid
	own=$(sh -c 'sed -n "s/.* reads=//p" /proc/$$/personality')
	echo "init: $first then $second; a new shell: $own"
	[ -n "$first" ] && [ "$second" -eq $((first + 1)) ] && [ "$own" = 1 ] ;;
unloaded)
	dmesg | grep -q 'kpatch-shadow: read counters freed' &&
		grep -qx '[0-9a-f]*' /proc/1/personality ;;
*) grep -qx '[0-9a-f]*' /proc/1/personality ;;
esac
