// SPDX-License-Identifier: GPL-2.0
/*
 * The tasks of the removal and trampoline tests (core-edges.bats), all
 * bound to the last online CPU, so that the shell runs on another one.
 *
 * spinner: on a write of N to `spin_ms`, calls edge_f() for N ms without
 * ever sleeping (cond_resched() only: never a voluntary switch), then
 * logs when it stopped. While a patch of edge_f stacked on another is
 * removed, its handler is in flight on this CPU all the time, and the
 * removal's tasks-RCU wait must last until the spinner stops.
 *
 * parker: on a write to `park`, wakes the hog (SCHED_FIFO, same CPU)
 * with interrupts off, so that the wakeup only sets need_resched, then
 * calls edge_f(): the first preemption point is the preempt_enable() at
 * the end of kpatch.ko's ftrace handler, so the parker is switched out
 * inside the handler and stays there while the hog spins (until 0 is
 * written to `hog`, at most 20 s). Needs preempt=full.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>
#include "edge.h"

static struct task_struct *spinner, *parker, *hog;
static DECLARE_WAIT_QUEUE_HEAD(edge_wq);
static unsigned int spin_req;
static bool park_req, hog_run;
static int park_pid;
module_param(park_pid, int, 0444);

static int spin_fn(void *unused)
{
	unsigned long calls, seen[4];
	u64 until;
	int v;

	while (!kthread_should_stop()) {
		wait_event_idle(edge_wq,
				READ_ONCE(spin_req) || kthread_should_stop());
		if (kthread_should_stop())
			break;
		memset(seen, 0, sizeof(seen));
		until = ktime_get_ns() + READ_ONCE(spin_req) * NSEC_PER_MSEC;
		for (calls = 0; ktime_get_ns() < until; calls++) {
			v = edge_f();
			seen[v & 3]++;
			cond_resched();
		}
		pr_info("kpedge: spinner stopped at %llu after %lu calls: v1=%lu v2=%lu v3=%lu\n",
			ktime_get_ns(), calls, seen[1], seen[2], seen[3]);
		WRITE_ONCE(spin_req, 0);
	}
	return 0;
}

static int spin_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;
	int ret = kstrtouint(val, 0, &ms);

	if (ret)
		return ret;
	if (!ms || READ_ONCE(spin_req))
		return -EINVAL;
	WRITE_ONCE(spin_req, ms);
	wake_up(&edge_wq);
	return 0;
}

static const struct kernel_param_ops spin_ops = { .set = spin_set };
module_param_cb(spin_ms, &spin_ops, NULL, 0200);

static int hog_fn(void *unused)
{
	u64 until;

	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(hog_run) && !kthread_should_stop()) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		until = ktime_get_ns() + 20 * NSEC_PER_SEC;
		while (READ_ONCE(hog_run) && ktime_get_ns() < until)
			cpu_relax();
		WRITE_ONCE(hog_run, false);
	}
	return 0;
}

static int park_fn(void *unused)
{
	while (!kthread_should_stop()) {
		wait_event_idle(edge_wq,
				READ_ONCE(park_req) || kthread_should_stop());
		if (kthread_should_stop())
			break;
		WRITE_ONCE(hog_run, true);
		local_irq_disable();
		wake_up_process(hog);
		local_irq_enable();
		edge_f();
		pr_info("kpedge: parker left edge_f\n");
		WRITE_ONCE(park_req, false);
	}
	return 0;
}

static int park_set(const char *val, const struct kernel_param *kp)
{
	if (READ_ONCE(park_req) || READ_ONCE(hog_run))
		return -EBUSY;
	WRITE_ONCE(park_req, true);
	wake_up(&edge_wq);
	return 0;
}

static const struct kernel_param_ops park_ops = { .set = park_set };
module_param_cb(park, &park_ops, NULL, 0200);

static const struct kernel_param_ops hog_ops = {
	.set = param_set_bool,
	.get = param_get_bool,
};
module_param_cb(hog, &hog_ops, &hog_run, 0644);

static struct task_struct *start(int (*fn)(void *), const char *name,
				 int cpu)
{
	struct task_struct *t = kthread_create(fn, NULL, "%s", name);

	if (!IS_ERR(t)) {
		kthread_bind(t, cpu);
		wake_up_process(t);
	}
	return t;
}

int edge_tasks_init(void)
{
	int cpu = cpumask_last(cpu_online_mask);

	spinner = start(spin_fn, "kpedge_spin", cpu);
	if (IS_ERR(spinner))
		return PTR_ERR(spinner);
	hog = start(hog_fn, "kpedge_hog", cpu);
	if (IS_ERR(hog))
		goto no_hog;
	sched_set_fifo(hog);
	parker = start(park_fn, "kpedge_park", cpu);
	if (IS_ERR(parker))
		goto no_parker;
	park_pid = parker->pid;
	return 0;
no_parker:
	kthread_stop(hog);
	hog = parker;
no_hog:
	kthread_stop(spinner);
	return PTR_ERR(hog);
}

void edge_tasks_exit(void)
{
	WRITE_ONCE(hog_run, false);
	kthread_stop(parker);
	kthread_stop(hog);
	kthread_stop(spinner);
}
