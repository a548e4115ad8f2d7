// SPDX-License-Identifier: GPL-2.0
/*
 * Exiting tasks, which no walk of the task list sees once released. A task
 * leaves the task list and the pid hash when it is released
 * (release_task(): by itself in exit_notify() when nobody will wait for
 * it, as kthreads, threads and children of a parent ignoring SIGCHLD, or
 * by the parent reaping a zombie), yet it still runs the rest of
 * do_exit() after that, preemptibly and possibly sleeping, until it
 * disables preemption for its last switch. Preempted there, it is on no
 * list the stack check walks.
 *
 * So kpatch.ko keeps every task from the sched_process_exit tracepoint
 * (in do_exit(), before exit_notify() can release it) to sched_process_free
 * (in the RCU callback that runs once the task is both released and
 * dead, just before its task_struct is put), and the stop_machine()
 * window walks the stacks of those that still have one (tasks.c). The
 * probes are registered when kpatch.ko loads and stay until it unloads: a
 * task that began exiting before kpatch.ko was loaded is not known.
 * An entry that cannot be allocated makes every later transition refuse,
 * naming "<untracked-exit>": an exiting task is then unaccounted for.
 */
#include <linux/hashtable.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "internal.h"
#include "switch.h"

struct kp_exiting {
	struct hlist_node node;
	struct task_struct *task;
};

static DEFINE_HASHTABLE(exiting, 8);
static DEFINE_SPINLOCK(exiting_lock);
static struct tracepoint *tp_exit, *tp_free;

static unsigned int exits_untracked;
module_param(exits_untracked, uint, 0444);
MODULE_PARM_DESC(exits_untracked, "exiting tasks that could not be tracked (out of memory); while not 0 every transition is refused (read only)");

static const char busy_untracked[] = "<untracked-exit>";

static void probe_exit(void *data, struct task_struct *t)
{
	struct kp_exiting *e = kmalloc(sizeof(*e), GFP_ATOMIC | __GFP_NOWARN);
	unsigned long flags;

	spin_lock_irqsave(&exiting_lock, flags);
	if (e) {
		e->task = t;
		hash_add(exiting, &e->node, (unsigned long)t);
	} else {
		exits_untracked++;
	}
	spin_unlock_irqrestore(&exiting_lock, flags);
}

static void probe_free(void *data, struct task_struct *t)
{
	struct kp_exiting *e, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&exiting_lock, flags);
	hash_for_each_possible(exiting, e, node, (unsigned long)t) {
		if (e->task == t) {
			hash_del(&e->node);
			found = e;
			break;
		}
	}
	spin_unlock_irqrestore(&exiting_lock, flags);
	kfree(found);
}

static void find_tps(struct tracepoint *tp, void *unused)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		tp_exit = tp;
	else if (!strcmp(tp->name, "sched_process_free"))
		tp_free = tp;
}

/* The free probe first: no entry is added that it could miss. */
int kpatch_exits_init(void)
{
	int ret;

	for_each_kernel_tracepoint(find_tps, NULL);
	if (!tp_exit || !tp_free) {
		pr_err("kpatch: no sched_process_exit/sched_process_free tracepoint: exiting tasks cannot be followed\n");
		return -ENOENT;
	}
	ret = tracepoint_probe_register(tp_free, probe_free, NULL);
	if (ret)
		return ret;
	ret = tracepoint_probe_register(tp_exit, probe_exit, NULL);
	if (ret) {
		tracepoint_probe_unregister(tp_free, probe_free, NULL);
		tracepoint_synchronize_unregister();
	}
	return ret;
}

void kpatch_exits_exit(void)
{
	struct kp_exiting *e;
	struct hlist_node *tmp;
	int bkt;

	tracepoint_probe_unregister(tp_exit, probe_exit, NULL);
	tracepoint_probe_unregister(tp_free, probe_free, NULL);
	/* No probe still runs in our text or uses the table. */
	tracepoint_synchronize_unregister();
	hash_for_each_safe(exiting, bkt, tmp, e, node) {
		hash_del(&e->node);
		kfree(e);
	}
}

/*
 * Inside the window: fn(c, t) for each released task between the two
 * tracepoints, until one is busy. One not yet released is still on the
 * task list, which the rest of the check covers. The lock is free: its
 * holders keep interrupts off, so no CPU stopped while holding it. A
 * task_struct stays until its entry is removed.
 */
bool kpatch_exits_each(struct switch_ctx *c,
		       bool (*fn)(struct switch_ctx *, struct task_struct *))
{
	struct kp_exiting *e;
	unsigned long flags;
	bool busy = false;
	int bkt;

	spin_lock_irqsave(&exiting_lock, flags);
	if (exits_untracked) {
		c->blocker = busy_untracked;
		c->pid = 0;
		strscpy(c->comm, "exit", sizeof(c->comm));
		busy = true;
	}
	hash_for_each(exiting, bkt, e, node) {
		if (busy)
			break;
		if (pid_alive(e->task))
			continue;
		c->window_tasks++;
		busy = fn(c, e->task);
	}
	spin_unlock_irqrestore(&exiting_lock, flags);
	return busy;
}
