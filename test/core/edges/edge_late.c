// SPDX-License-Identifier: GPL-2.0
/*
 * The late entrant of core-edges.bats: a task that enters the function
 * being patched after kpatch.ko's check before the stop_machine() window
 * has found it idle, and sleeps there. Only the window can see it
 * (through the switch log, or by walking every task).
 *
 * A write of N to `late_ms` arms it. When kpatch_tasks_precheck() next
 * returns (a kretprobe), the handler wakes the kthread kpedge_late (bound
 * to the last online CPU), waits until it is inside edge_l(), and lets the
 * transition go on into its window; kpedge_late sleeps N ms in edge_l().
 * The writer of `enabled` must run on another CPU (taskset), as the
 * handler spins with preemption off.
 */
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>
#include "edge.h"

static struct task_struct *late;
static DECLARE_WAIT_QUEUE_HEAD(late_wq);
static unsigned int late_ms;
static bool armed, go;
static int released, entered_in_time;
module_param(released, int, 0444);
module_param(entered_in_time, int, 0444);
static int late_pid;
module_param(late_pid, int, 0444);

static int late_fn(void *unused)
{
	while (!kthread_should_stop()) {
		wait_event_idle(late_wq, READ_ONCE(go) || kthread_should_stop());
		if (kthread_should_stop())
			break;
		WRITE_ONCE(go, false);
		edge_l(READ_ONCE(late_ms));
		pr_info("kpedge: late left edge_l\n");
	}
	return 0;
}

static int precheck_returned(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	u64 until;

	if (!xchg(&armed, false))
		return 0;
	WRITE_ONCE(edge_l_entered, false);
	WRITE_ONCE(go, true);
	wake_up(&late_wq);
	until = ktime_get_ns() + 2 * NSEC_PER_SEC;
	while (!READ_ONCE(edge_l_entered) && ktime_get_ns() < until)
		cpu_relax();
	released++;
	if (READ_ONCE(edge_l_entered))
		entered_in_time++;
	return 0;
}

static struct kretprobe precheck_probe = {
	.kp.symbol_name = "kpatch_tasks_precheck",
	.handler = precheck_returned,
	.maxactive = 4,
};

static int late_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;
	int ret = kstrtouint(val, 0, &ms);

	if (ret)
		return ret;
	if (!ms || READ_ONCE(armed))
		return -EINVAL;
	WRITE_ONCE(late_ms, ms);
	WRITE_ONCE(armed, true);
	return 0;
}

static const struct kernel_param_ops late_ops = { .set = late_set };
module_param_cb(late_ms, &late_ops, NULL, 0200);

int edge_late_init(void)
{
	int ret;

	late = kthread_create(late_fn, NULL, "kpedge_late");
	if (IS_ERR(late))
		return PTR_ERR(late);
	kthread_bind(late, cpumask_last(cpu_online_mask));
	wake_up_process(late);
	late_pid = late->pid;
	ret = register_kretprobe(&precheck_probe);
	if (ret) {
		pr_err("kpedge: no kretprobe on kpatch_tasks_precheck: %d\n",
		       ret);
		kthread_stop(late);
	}
	return ret;
}

void edge_late_exit(void)
{
	unregister_kretprobe(&precheck_probe);
	kthread_stop(late);
}
