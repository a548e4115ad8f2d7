// SPDX-License-Identifier: GPL-2.0
/*
 * The switch itself: inside stop_machine(), walk every task's stack and
 * refuse if a return address lies in code that stops being used at its
 * address (the version being replaced on apply, the replacement being
 * removed on revert); otherwise flip the `active` flag of every function
 * concerned, which the already registered ftrace handler (ops.c) reads,
 * and run the object's load or unload hooks. An atomic replace turns off
 * every other enabled patch's functions in the same window.
 *
 * The forbidden ranges are collected and sorted once per transition, before
 * stopping the machine, so each return address costs a binary search
 * rather than a pass over every function of the patch.
 */
#include <linux/delay.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <asm/unwind.h>
#include "internal.h"

static unsigned int retries = 5;
module_param(retries, uint, 0644);
static unsigned int retry_delay_ms = 20;
module_param(retry_delay_ms, uint, 0644);

struct kp_range {
	unsigned long start, end;
	const char *name;
};

struct switch_ctx {
	struct kpatch_patch *patch;
	bool enable;
	bool replace;			/* enabling p turns every other off */
	int ret;
	struct kp_range *ranges;
	int nr_ranges;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *blocker;
};

static int cmp_range(const void *a, const void *b)
{
	const struct kp_range *x = a, *y = b;

	if (x->start == y->start)
		return 0;
	return x->start < y->start ? -1 : 1;
}

/* Patches whose functions change: p, and with replace every enabled one. */
static bool involved(struct switch_ctx *c, struct kpatch_patch *q)
{
	return q == c->patch || (c->replace && q->enabled);
}

/*
 * Decide every function's state after the transition (`want`), then
 * collect the code that stops running at each address whose effective
 * version changes: the original function when nothing was active there,
 * otherwise the replacement on top of its stack. That code must be idle.
 * With stacking this is the previous version, not always the original:
 * disabling the top patch leaves its replacement and returns to the one
 * below it. Functions flagged force skip the check.
 */
static int build_ranges(struct switch_ctx *c)
{
	struct kpatch_patch *q;
	struct kpatch_object *o;
	struct kpatch_func *f, *cur;
	struct kp_range *r;
	int n = 0;

	list_for_each_entry(q, &kpatch_patches, list) {
		kpatch_for_each_func(q, o, f) {
			f->want = f->active;
			if (involved(c, q)) {
				f->want = q == c->patch && c->enable;
				n++;
			}
		}
	}
	c->ranges = kmalloc_array(max(n, 1), sizeof(*c->ranges), GFP_KERNEL);
	if (!c->ranges)
		return -ENOMEM;
	list_for_each_entry(q, &kpatch_patches, list) {
		if (!involved(c, q))
			continue;
		kpatch_for_each_func(q, o, f) {
			cur = kpatch_ops_top(f, false);
			if (f->force || f->want == f->active ||
			    cur == kpatch_ops_top(f, true))
				continue;
			r = &c->ranges[c->nr_ranges++];
			r->start = cur ? cur->new_addr : f->addr;
			r->end = r->start + (cur ? cur->new_size : f->size);
			r->name = cur ? cur->name : f->name;
		}
	}
	sort(c->ranges, c->nr_ranges, sizeof(*c->ranges), cmp_range, NULL);
	return 0;
}

/* The range holding ra: the last one starting at or below it, if ra < end. */
static const char *busy_func(struct switch_ctx *c, unsigned long ra)
{
	int lo = 0, hi = c->nr_ranges, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->ranges[mid].start <= ra)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && ra < c->ranges[lo - 1].end)
		return c->ranges[lo - 1].name;
	return NULL;
}

static bool task_busy(struct switch_ctx *c, struct task_struct *t)
{
	struct unwind_state st;
	unsigned long ra;

	/*
	 * An exited task stays listed until it is reaped, but its stack may
	 * already be freed (and, with VMAP_STACK, unmapped): its stack
	 * refcount is then zero. With the machine stopped nobody can take or
	 * drop a reference, so reading the count is enough (put_task_stack()
	 * is not exported for a get/put pair). A task without a stack runs
	 * nothing.
	 */
	if (!refcount_read(&t->stack_refcount))
		return false;
	for (unwind_start(&st, t, NULL, NULL); !unwind_done(&st);
	     unwind_next_frame(&st)) {
		ra = unwind_get_return_address(&st);
		if (!ra)
			continue;
		c->blocker = busy_func(c, ra);
		if (c->blocker) {
			c->pid = t->pid;
			get_task_comm(c->comm, t);
			return true;
		}
	}
	return false;
}

static void run_hooks(kpatch_hook_fn *hooks, int n)
{
	int i;

	for (i = 0; i < n; i++)
		hooks[i]();
}

/*
 * Runs on one CPU with every other CPU spinning, interrupts off. The unload
 * hooks of p run while its replacements are still in place, the load hooks
 * once they are; a replaced patch's hooks do not run (as with livepatch's
 * atomic replace, the replacing patch takes over their job).
 */
static int do_switch(void *data)
{
	struct switch_ctx *c = data;
	struct kpatch_patch *p = c->patch, *q;
	struct task_struct *g, *t;
	struct kpatch_object *o;
	struct kpatch_func *f;

	if (c->nr_ranges) {
		for_each_process_thread(g, t) {
			if (task_busy(c, t)) {
				c->ret = -EBUSY;
				return 0;
			}
		}
	}
	if (!c->enable)
		for (o = p->objs; o < p->objs + p->nr_objs; o++)
			if (o->loaded)
				run_hooks(o->unload_hooks, o->nr_unload_hooks);
	list_for_each_entry(q, &kpatch_patches, list)
		if (involved(c, q))
			kpatch_for_each_func(q, o, f)
				WRITE_ONCE(f->active, f->want);
	if (c->enable)
		for (o = p->objs; o < p->objs + p->nr_objs; o++)
			if (o->loaded)
				run_hooks(o->load_hooks, o->nr_load_hooks);
	c->ret = 0;
	return 0;
}

int kpatch_switch(struct kpatch_patch *p, bool enable)
{
	struct switch_ctx c = {
		.patch = p, .enable = enable, .replace = enable && p->replace,
	};
	unsigned int try;
	u64 t0;
	int ret;

	ret = build_ranges(&c);
	if (ret)
		return ret;
	for (try = 0; try <= retries; try++) {
		if (try)
			msleep(retry_delay_ms);
		t0 = ktime_get_ns();
		stop_machine(do_switch, &c, NULL);
		p->last_window_ns = ktime_get_ns() - t0;
		if (!c.ret)
			break;
	}
	p->last_retries = min(try, retries);
	kfree(c.ranges);
	if (!c.ret)
		return 0;
	p->busy_pid = c.pid;
	strscpy(p->busy_comm, c.comm, sizeof(p->busy_comm));
	p->busy_func = c.blocker;
	pr_err("kpatch: %s %s refused after %u tries: pid %d (%s) is in %s\n",
	       enable ? "apply of" : "revert of", p->mod->name, retries + 1,
	       c.pid, c.comm, c.blocker);
	return -EBUSY;
}
