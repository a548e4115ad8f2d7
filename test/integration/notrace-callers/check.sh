#!/bin/sh
# get_task_state (fs/proc/array.c) is `static inline`, so notrace, and GCC
# keeps it out of line: ftrace cannot redirect it. The patch replaces its
# two callers instead (proc_pid_status through the inlined task_state, and
# do_task_stat). The reading task's State line in /proc/self/status says
# "kpatched" only while the patch is applied; /proc/self/stat, through the
# other replaced caller, still starts its state with R.
status=$(sed -n 's/^State:[[:space:]]*//p' /proc/self/status)
stat=$(cut -d' ' -f3 /proc/self/stat)
echo "$1: State=$status stat=$stat"
case "$1" in
loaded) want="R (running, kpatched)" ;;
*) want="R (running)" ;;
esac
[ "$status" = "$want" ] && [ "$stat" = R ]
