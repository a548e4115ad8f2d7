// SPDX-License-Identifier: GPL-2.0
/*
 * The NMI source of the consistency test (core-edges.bats, item 7 of
 * issue 13). While `armed`, every stop_machine() call is an NMI storm: a
 * kprobe on stop_machine() sends an NMI to the next CPU, and each CPU's
 * handler sends one on to the next CPU until the caller reaches the
 * cpus_read_unlock() after the window (a second kprobe; at most
 * `storm_us`), so NMIs keep coming while every CPU sits in stop_machine()
 * with interrupts off, and stop by themselves outside those windows (no
 * livelock). Not a kretprobe: its return trampoline in the caller's
 * stack makes the core's stack walk of that preempted task warn
 * (rethook_find_ret_addr() refuses running tasks other than current).
 *
 * Each NMI calls edge_a(), then edge_b(), and counts a mismatch when they
 * return different versions: a patch of both seen half switched. On every
 * CPU but the one that runs the switch (the first online CPU runs the
 * stop_machine() callback), the handler holds for `hold_us` between the
 * two calls, so that an NMI in progress there would span the other CPU's
 * flip of the generation: the core must not flip while it runs. It also
 * counts the NMIs that interrupted the code at `win` (start addresses:
 * multi_cpu_stop and the core's switch functions) and those that found
 * the core's `switching` flag set (address of kpatch_switching), which
 * proves the NMIs landed inside the transition windows.
 */
#include <linux/delay.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/timekeeping.h>
#include <asm/apic.h>
#include <asm/nmi.h>
#include "edge.h"

#define MAX_WIN 4

static unsigned long win[MAX_WIN], win_end[MAX_WIN];
static int nr_win;
module_param_array(win, ulong, &nr_win, 0444);
MODULE_PARM_DESC(win, "start addresses of the code counted as a window");
static unsigned long switching;
module_param(switching, ulong, 0444);
MODULE_PARM_DESC(switching, "address of kpatch.ko's kpatch_switching");
static unsigned int hold_us = 20;
module_param(hold_us, uint, 0644);
static unsigned int storm_us = 100000;
module_param(storm_us, uint, 0644);

static bool armed;
static u64 storm_until;
static atomic_long_t nmis, in_win[MAX_WIN], saw_switching, mismatches,
	saw_old, saw_new, storms;

static void kick_next(int cpu)
{
	int next = cpumask_next(cpu, cpu_online_mask);

	if (next >= nr_cpu_ids)
		next = cpumask_first(cpu_online_mask);
	if (next != cpu)
		apic->send_IPI(next, NMI_VECTOR);
}

static int edge_nmi(unsigned int type, struct pt_regs *regs)
{
	int cpu = smp_processor_id(), x, y, i;

	/* Armed, every NMI is ours: no other source in the guest. */
	if (!READ_ONCE(armed))
		return NMI_DONE;
	atomic_long_inc(&nmis);
	for (i = 0; i < nr_win; i++)
		if (regs->ip >= win[i] && regs->ip < win_end[i])
			atomic_long_inc(&in_win[i]);
	if (switching && atomic_read((atomic_t *)switching))
		atomic_long_inc(&saw_switching);
	x = edge_a();
	if (cpu != cpumask_first(cpu_online_mask))
		udelay(READ_ONCE(hold_us));
	y = edge_b();
	if (x != y)
		atomic_long_inc(&mismatches);
	atomic_long_inc(x == 1 ? &saw_old : &saw_new);
	if (ktime_get_mono_fast_ns() < READ_ONCE(storm_until))
		kick_next(cpu);
	return NMI_HANDLED;
}

static struct task_struct *storm_task;

static int storm_start(struct kprobe *kp, struct pt_regs *regs)
{
	if (!READ_ONCE(armed))
		return 0;
	WRITE_ONCE(storm_task, current);
	WRITE_ONCE(storm_until,
		   ktime_get_mono_fast_ns() + storm_us * NSEC_PER_USEC);
	atomic_long_inc(&storms);
	kick_next(smp_processor_id());
	return 0;
}

static int storm_stop(struct kprobe *kp, struct pt_regs *regs)
{
	if (READ_ONCE(storm_task) == current) {
		WRITE_ONCE(storm_until, 0);
		WRITE_ONCE(storm_task, NULL);
	}
	return 0;
}

static struct kprobe storm_kps[] = {
	{ .symbol_name = "stop_machine", .pre_handler = storm_start },
	{ .symbol_name = "cpus_read_unlock", .pre_handler = storm_stop },
};

static struct kprobe *storm_kpp[] = { &storm_kps[0], &storm_kps[1] };

/* Disarming ends the storm first, so no NMI of ours arrives unclaimed. */
static int armed_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	if (on) {
		WRITE_ONCE(armed, true);
		return 0;
	}
	WRITE_ONCE(storm_until, 0);
	msleep(20);
	WRITE_ONCE(armed, false);
	return 0;
}

static const struct kernel_param_ops armed_ops = {
	.set = armed_set,
	.get = param_get_bool,
};
module_param_cb(armed, &armed_ops, &armed, 0644);

static int stats_get(char *buf, const struct kernel_param *kp)
{
	int n, i;

	n = scnprintf(buf, PAGE_SIZE,
		      "storms=%ld nmis=%ld saw_switching=%ld mismatches=%ld old=%ld new=%ld in_win=",
		      atomic_long_read(&storms), atomic_long_read(&nmis),
		      atomic_long_read(&saw_switching),
		      atomic_long_read(&mismatches),
		      atomic_long_read(&saw_old), atomic_long_read(&saw_new));
	for (i = 0; i < nr_win; i++)
		n += scnprintf(buf + n, PAGE_SIZE - n, "%s%ld", i ? "," : "",
			       atomic_long_read(&in_win[i]));
	return n + scnprintf(buf + n, PAGE_SIZE - n, "\n");
}

static const struct kernel_param_ops stats_ops = { .get = stats_get };
module_param_cb(nmi_stats, &stats_ops, NULL, 0444);

/* The end of the function starting at addr, from its kallsyms size. */
static int func_end(unsigned long addr, unsigned long *end)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long size;
	char *p;

	sprint_symbol(buf, addr);
	p = strstr(buf, "+0x0/");
	if (!p || sscanf(p + 5, "%lx", &size) != 1 || !size) {
		pr_err("kpedge: %lx is not the start of a function (%s)\n",
		       addr, buf);
		return -EINVAL;
	}
	*end = addr + size;
	pr_info("kpedge: window %s\n", buf);
	return 0;
}

int edge_nmi_init(void)
{
	int i, ret;

	for (i = 0; i < nr_win; i++) {
		ret = func_end(win[i], &win_end[i]);
		if (ret)
			return ret;
	}
	ret = register_nmi_handler(NMI_LOCAL, edge_nmi, 0, "kpedge");
	if (ret)
		return ret;
	ret = register_kprobes(storm_kpp, ARRAY_SIZE(storm_kpp));
	if (ret) {
		pr_err("kpedge: kprobes on stop_machine: %d\n", ret);
		unregister_nmi_handler(NMI_LOCAL, "kpedge");
	}
	return ret;
}

void edge_nmi_exit(void)
{
	unregister_kprobes(storm_kpp, ARRAY_SIZE(storm_kpp));
	armed_set("0", NULL);
	unregister_nmi_handler(NMI_LOCAL, "kpedge");
}
