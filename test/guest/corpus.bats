#!/usr/bin/env bats
# The corpus subset: a few real stable fixes from the coverage corpus
# (test/corpus/, `make check-corpus` runs them all), each reversed onto the
# test kernel, built with kpatch-build and, when built, loaded with kpatch.ko
# in one guest boot. Each case must keep the outcome test/corpus/subset
# records, so a regression in kpatch-build, the differ or the core shows up
# as a changed outcome. The first run fetches the two linux-source-6.1
# packages (about 280 MB) into the cache.

load ../lib/corpus

setup_file() {
	export KP_CORPUS_RUN=$BATS_FILE_TMPDIR/run
	corpus_run_subset "$KP_CORPUS_RUN" >"$BATS_FILE_TMPDIR/report" 2>&1 || true
}

@test "corpus: the subset runs and reports every case" {
	cat "$BATS_FILE_TMPDIR/report"
	[ -f "$KP_CORPUS_RUN/report.txt" ]
	local name
	for name in $(corpus_subset_names); do
		grep -q "^$name " "$KP_CORPUS_RUN/report.txt"
	done
}

@test "corpus: kernel/sys.c (prctl_set_auxv) loads" {
	corpus_expect "$KP_CORPUS_RUN" kernel-sys
}

@test "corpus: fs/notify/inotify/inotify_user.c loads" {
	corpus_expect "$KP_CORPUS_RUN" fs-notify-inotify-inotify_user
}

@test "corpus: fs/ext4/super.c loads" {
	corpus_expect "$KP_CORPUS_RUN" fs-ext4-super
}

@test "corpus: drivers/acpi/pci_root.c (a pr_debug in the changed function) loads" {
	corpus_expect "$KP_CORPUS_RUN" drivers-acpi-pci_root
}

@test "corpus: kernel/trace/trace_event_perf.c (a notrace function) is refused" {
	corpus_expect "$KP_CORPUS_RUN" kernel-trace-trace_event_perf
}

@test "corpus: net/ipv4/tcp_metrics.c, changed again since, does not apply" {
	corpus_expect "$KP_CORPUS_RUN" net-ipv4-tcp_metrics
}

@test "corpus: kernel/rcu/tree.c, a rename of an exported function, changes nothing that can be patched" {
	corpus_expect "$KP_CORPUS_RUN" kernel-rcu-tree
}

@test "corpus: kernel/sched/fair.c, a fix adding a member to struct lb_env, is refused by the layout check naming the type" {
	corpus_expect "$KP_CORPUS_RUN" kernel-sched-fair
}
