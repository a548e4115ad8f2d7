// SPDX-License-Identifier: GPL-2.0
/*
 * The switch log: during a transition, the pid of every task switched out
 * of a CPU, from a probe on the sched_switch tracepoint.
 *
 * Why: a task's stack changes only while it runs, and a task that is off
 * its CPU inside the stop_machine() window and ran after the check
 * before the window (tasks.c) was switched out after that check. So
 * inside the window only the tasks in this log (and the idle tasks) need
 * a look, instead of every task of the machine: the window stays the
 * same with 10 or 10,000 sleeping threads. A task created after the check
 * that never ran has only its first frame (ret_from_fork) on its stack.
 *
 * The probe is registered at the first transition that finds at least
 * switch_log_tasks tasks, and stays until kpatch.ko is unloaded; outside
 * a transition it returns at once. Below that many tasks the window just
 * looks at every task, which is cheap there, and no context switch pays
 * for a probe. Registering rewrites __schedule()'s call sites; doing it
 * once, not for each transition, is also what keeps QEMU's TCG from
 * hanging the tests (a vCPU in __schedule() through that rewrite can keep
 * executing an int3 that is no longer there; see the README).
 *
 * Each CPU logs into its own buffer, with interrupts off, so a buffer has
 * one writer at a time and needs no atomics. A transition takes a new
 * generation number; a CPU whose buffer holds an older one starts it
 * again at its first entry. The window reads every CPU's buffer, all
 * writers stopped. If a buffer fills, the window looks at every task.
 */
#include <linux/irqflags.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "internal.h"
#include "switch.h"

#define KP_LOG_PER_CPU	2040	/* a buffer fits in 8 KiB */

static unsigned int switch_log_tasks = 1000;
module_param(switch_log_tasks, uint, 0644);
MODULE_PARM_DESC(switch_log_tasks, "with at least this many tasks, the stop_machine() window looks only at those that ran since the check before it (0: never)");

struct kp_cpu_log {
	unsigned int gen;	/* the transition these entries belong to */
	unsigned int n;		/* entries logged; more than fit: overflow */
	pid_t pid[KP_LOG_PER_CPU];
};

static struct kp_cpu_log __percpu *logs;
static struct tracepoint *tp_switch;
static unsigned int log_gen;	/* the transition's, 0 outside one */
static unsigned int last_gen;

/* Record t in this CPU's buffer; also for tasks the check skipped. */
void kpatch_switchlog_add(struct task_struct *t)
{
	unsigned int gen = READ_ONCE(log_gen);
	struct kp_cpu_log *b;
	unsigned long flags;

	if (!gen || !t->pid)
		return;
	local_irq_save(flags);
	b = this_cpu_ptr(logs);
	if (b->gen != gen) {
		b->gen = gen;
		b->n = 0;
	}
	if (b->n < KP_LOG_PER_CPU)
		b->pid[b->n] = t->pid;
	if (b->n <= KP_LOG_PER_CPU)
		b->n++;
	local_irq_restore(flags);
}

static void probe_switch(void *data, bool preempt, struct task_struct *prev,
			 struct task_struct *next, unsigned int prev_state)
{
	kpatch_switchlog_add(prev);
}

static void find_tp(struct tracepoint *tp, void *unused)
{
	if (!strcmp(tp->name, "sched_switch"))
		tp_switch = tp;
}

/*
 * Register the probe. Without the tracepoint or the memory, every task
 * is looked at in the windows (said once).
 */
static bool switchlog_register(void)
{
	static bool failed;

	if (failed)
		return false;
	for_each_kernel_tracepoint(find_tp, NULL);
	logs = alloc_percpu(struct kp_cpu_log);
	if (tp_switch && logs &&
	    !tracepoint_probe_register(tp_switch, probe_switch, NULL)) {
		/*
		 * A CPU may still be inside the tracepoint with the array of
		 * probes from before: once this returns, every switch calls
		 * the probe.
		 */
		synchronize_rcu();
		return true;
	}
	pr_warn("kpatch: no sched_switch probe: each stop_machine() window looks at every task\n");
	free_percpu(logs);
	logs = NULL;
	tp_switch = NULL;
	failed = true;
	return false;
}

void kpatch_switchlog_exit(void)
{
	if (!tp_switch)
		return;
	tracepoint_probe_unregister(tp_switch, probe_switch, NULL);
	/* No probe call may still run in our text or use the buffers. */
	tracepoint_synchronize_unregister();
	free_percpu(logs);
}

/*
 * Start a transition's log, at its first check (which counted nr_tasks)
 * and before that check reads any task. False if there is none (every
 * task is then looked at in the window). Called with kpatch_mutex held,
 * which serialises the registration.
 */
bool kpatch_switchlog_start(unsigned int nr_tasks)
{
	unsigned int min = READ_ONCE(switch_log_tasks);

	if (!min || (!tp_switch && nr_tasks < min))
		return false;
	if (!tp_switch && !switchlog_register())
		return false;
	if (!++last_gen)
		last_gen = 1;
	WRITE_ONCE(log_gen, last_gen);
	/*
	 * The generation is visible before the check reads any task's state:
	 * a task it finds off its CPU, and that runs later, is switched out
	 * by a CPU that has passed the rq lock (a full barrier) since, and
	 * so logs it under this generation.
	 */
	smp_mb();
	return true;
}

void kpatch_switchlog_stop(void)
{
	WRITE_ONCE(log_gen, 0);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* fn(c, t) for each task in b, once each, until one is busy. */
static bool each_in(struct kp_cpu_log *b, struct switch_ctx *c,
		    bool (*fn)(struct switch_ctx *, struct task_struct *))
{
	struct task_struct *t;
	unsigned int i;

	sort(b->pid, b->n, sizeof(b->pid[0]), cmp_pid, NULL);
	for (i = 0; i < b->n; i++) {
		if (i && b->pid[i] == b->pid[i - 1])
			continue;
		t = pid_task(find_pid_ns(b->pid[i], &init_pid_ns),
			     PIDTYPE_PID);
		/* Released: dead, or still exiting and in exits.c's table. */
		if (!t)
			continue;
		c->window_tasks++;
		if (fn(c, t))
			return true;
	}
	return false;
}

/*
 * Inside the window (no CPU logs): fn(c, t) for each task logged in this
 * transition, until one is busy. Returns 1 if one was, 0 if none, -1 if a
 * buffer overflowed and every task must be looked at instead; counts the
 * tasks looked at in c->window_tasks. A task logged on two CPUs is looked
 * at twice.
 */
int kpatch_switchlog_each(struct switch_ctx *c,
			  bool (*fn)(struct switch_ctx *, struct task_struct *))
{
	unsigned int gen = READ_ONCE(log_gen);
	struct kp_cpu_log *b;
	int cpu, busy = 0;

	for_each_possible_cpu(cpu) {
		b = per_cpu_ptr(logs, cpu);
		if (b->gen == gen && b->n > KP_LOG_PER_CPU)
			return -1;
	}
	rcu_read_lock();
	for_each_possible_cpu(cpu) {
		b = per_cpu_ptr(logs, cpu);
		if (b->gen == gen && each_in(b, c, fn)) {
			busy = 1;
			break;
		}
	}
	rcu_read_unlock();
	return busy;
}
