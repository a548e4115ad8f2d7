#!/bin/sh
# __set_oom_adj.isra.0 (fs/proc/base.c) turns 123 into 124 right before
# its trace_oom_score_adj_update(), a tracepoint whose keys
# (__tracepoint_oom_score_adj_update, __SCK__tp_func_oom_score_adj_update)
# vmlinux does not export. With the event enabled through tracefs, writing
# 123 must leave an event reporting 124: it fired from the patched code,
# through the patch module's own jump label and static call site.
t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t || exit 1
ev=$t/events/oom/oom_score_adj_update
# Without comm recording, enabling the event adds no sched_switch probe, so
# the kernel does not rewrite __schedule()'s call sites while the other
# vCPU runs them: under TCG that rewrite can leave a vCPU looping on a
# stale int3 (a soft lockup; the README's "Enabling and disabling" notes
# the same for ftrace sites). The event's own sites are what this tests.
echo 0 >$t/options/record-cmd || exit 1

# adj VALUE: write VALUE as this shell's oom_score_adj; print what the
# kernel stored and what the enabled event reported.
adj() {
	echo >$t/trace
	echo 1 >$ev/enable
	echo "$1" >/proc/$$/oom_score_adj
	echo 0 >$ev/enable
	printf 'stored=%s event=%s\n' "$(cat /proc/$$/oom_score_adj)" \
		"$(grep -o 'oom_score_adj=[0-9-]*' $t/trace | tr '\n' ' ')"
}

case "$1" in
loaded) want="stored=124 event=oom_score_adj=124 " ;;
*) want="stored=123 event=oom_score_adj=123 " ;;
esac
got=$(adj 123)
adj 0 >/dev/null
echo "$1: $got"
[ "$got" = "$want" ] || { echo "want: $want"; exit 1; }
