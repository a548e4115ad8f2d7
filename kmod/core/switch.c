// SPDX-License-Identifier: GPL-2.0
/*
 * The switch itself: inside stop_machine(), walk every task's stack (each
 * CPU's idle task included) and refuse if a return address lies in code
 * that stops being used at its address (the version being replaced on
 * apply, the replacement being removed on revert, each with its .cold
 * part), in the ftrace trampolines or in the handler, or if the stack
 * cannot be walked reliably; otherwise switch every function concerned at
 * once by flipping the generation the handler (ops.c) reads, and run the
 * object's load or unload hooks. An atomic replace turns off every other
 * enabled patch's functions in the same window.
 *
 * The forbidden ranges are collected and sorted once per transition, before
 * stopping the machine, so each return address costs a binary search
 * rather than a pass over every function of the patch; the stacks are
 * walked once before each try, and inside the window only those of tasks
 * that ran since (tasks.c).
 */
#include <linux/delay.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include "compat.h"
#include "internal.h"
#include "switch.h"

/*
 * Bounded: a transition holds kpatch_mutex for all its tries (a module
 * notifier waiting for it cuts them short, see kpatch_lock_for_module).
 */
#define KPATCH_MAX_RETRIES	100
#define KPATCH_MAX_RETRY_DELAY_MS 1000

static unsigned int retries = 5;
module_param(retries, uint, 0644);
MODULE_PARM_DESC(retries, "stop_machine() tries after the first (at most 100)");
static unsigned int retry_delay_ms = 20;
module_param(retry_delay_ms, uint, 0644);
MODULE_PARM_DESC(retry_delay_ms, "pause between tries (at most 1000 ms)");

unsigned int kpatch_gen;
unsigned int kpatch_prev_gen;
atomic_t kpatch_switching = ATOMIC_INIT(0);

/* Blockers that are not functions; no spaces, as the timeline splits on them. */
static const char busy_tramp[] = "<ftrace-trampoline>";
static const char busy_nmi[] = "<nmi-during-switch>";

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

static void kp_add_range(struct switch_ctx *c, unsigned long start,
		      unsigned long size, const char *name)
{
	struct kp_range *r;

	if (!start || !size || c->nr_ranges >= c->max_ranges)
		return;
	r = &c->ranges[c->nr_ranges++];
	r->start = start;
	r->end = start + size;
	r->name = name;
}

static void add_tramp(void *data, unsigned long start, unsigned long size)
{
	kp_add_range(data, start, size, busy_tramp);
}

/*
 * Code in which a task blocks every transition, whatever it patches: the
 * ftrace trampolines and our handler. A task preempted there has passed
 * a patched function's fentry call (its next frame is that function, just
 * past the call), and may already hold the replacement's address in its
 * saved registers, so no version of any patched function can be assumed
 * unused by it.
 */
static void add_ftrace_ranges(struct switch_ctx *c)
{
	unsigned long start, end, size;
	int i;

	for (i = 0; kpatch_ftrace_static(i, &start, &end); i++)
		kp_add_range(c, start, end - start, busy_tramp);
	start = kpatch_handler_addr();
	if (!kpatch_sym_size(start, NULL, &size))
		kp_add_range(c, start, size, busy_tramp);
	kpatch_ops_trampolines(add_tramp, c);
}

/*
 * Decide every function's state after the transition (`want`), then
 * collect the code that stops running at each address whose effective
 * version changes: the original function when nothing was active there,
 * otherwise the replacement on top of its stack, each with its .cold part.
 * That code must be idle. With stacking this is the previous version, not
 * always the original: disabling the top patch leaves its replacement and
 * returns to the one below it. Functions flagged force skip the check.
 */
static int build_ranges(struct switch_ctx *c)
{
	struct kpatch_patch *q;
	struct kpatch_object *o;
	struct kpatch_func *f, *cur;
	int n = 0;

	list_for_each_entry(q, &kpatch_patches, list) {
		kpatch_for_each_func(q, o, f) {
			f->want = kpatch_func_active(f);
			if (involved(c, q)) {
				f->want = q == c->patch && c->enable;
				n += 2;
			}
		}
	}
	c->max_ranges = n + kpatch_ops_trampolines(NULL, NULL) + 8;
	c->ranges = kmalloc_array(c->max_ranges, sizeof(*c->ranges),
				  GFP_KERNEL);
	if (!c->ranges)
		return -ENOMEM;
	list_for_each_entry(q, &kpatch_patches, list) {
		if (!involved(c, q))
			continue;
		kpatch_for_each_func(q, o, f) {
			cur = kpatch_ops_top(f, false);
			if (f->force || f->want == kpatch_func_active(f) ||
			    cur == kpatch_ops_top(f, true))
				continue;
			if (cur) {
				kp_add_range(c, cur->new_addr, cur->new_size,
					  cur->name);
				kp_add_range(c, cur->new_cold_addr,
					  cur->new_cold_size, cur->name);
			} else {
				kp_add_range(c, f->addr, f->size, f->name);
				kp_add_range(c, f->cold_addr, f->cold_size,
					  f->name);
			}
		}
	}
	if (c->nr_ranges)
		add_ftrace_ranges(c);
	sort(c->ranges, c->nr_ranges, sizeof(*c->ranges), cmp_range, NULL);
	return 0;
}

static void run_hooks(kpatch_hook_fn *hooks, int n)
{
	int i;

	for (i = 0; i < n; i++)
		hooks[i]();
}

static unsigned int window_tasks;
module_param(window_tasks, uint, 0444);
MODULE_PARM_DESC(window_tasks, "tasks looked at in the last stop_machine() window (read only)");

static unsigned long nmi_waits;
module_param(nmi_waits, ulong, 0444);
MODULE_PARM_DESC(nmi_waits, "times a switch waited for an NMI or was undone by one (read only)");

/*
 * Whether another CPU is inside an NMI now: x86 keeps each CPU's preempt
 * count, with its NMI bits, in per-CPU data (compat.h), set before the NMI's
 * handlers run and cleared after they return.
 */
static bool remote_nmi(void)
{
	int cpu, self = smp_processor_id();

	for_each_online_cpu(cpu)
		if (cpu != self &&
		    (kpatch_cpu_preempt_count(cpu) & NMI_MASK))
			return true;
	return false;
}

/* Up to 100 us for the NMIs running on other CPUs to end. */
static void wait_remote_nmis(void)
{
	int us;

	if (!remote_nmi())
		return;
	nmi_waits++;
	for (us = 0; us < 100 && remote_nmi(); us++)
		udelay(1);
}

/*
 * Every function of every patch gets its next state in the idle
 * generation, then one store switches them all. An NMI must see all of
 * a patch old or all of it new:
 * - one that runs a patched function while "switching" is set uses the
 *   previous generation (ops.c) and says so, and the switch is undone
 *   and tried again;
 * - one already running on another CPU when "switching" is set may have
 *   run a patched function in the old generation and run another after
 *   the flip, without ever seeing the flag (an NMI there spans the whole
 *   window), so the switch is not even tried while one runs.
 * The rollback restores the generation before clearing the flag, so
 * NMIs meanwhile keep using the previous one.
 */
static int flip(struct switch_ctx *c)
{
	unsigned int old = kpatch_gen & 1, new = !old;
	struct kpatch_patch *q;
	struct kpatch_object *o;
	struct kpatch_func *f;

	list_for_each_entry(q, &kpatch_patches, list)
		kpatch_for_each_func(q, o, f)
			WRITE_ONCE(f->active[new], f->want);
	WRITE_ONCE(kpatch_prev_gen, old);
	atomic_set(&kpatch_switching, KP_SWITCHING);
	/*
	 * Pairs with the full barrier an NMI passes between entering (its
	 * preempt count) and reading "switching" (ops.c): either it sees
	 * the flag, or this sees it running. Also: an NMI that sees the new
	 * generation sees "switching".
	 */
	smp_mb();
	if (remote_nmi()) {
		atomic_set(&kpatch_switching, 0);
		return -EAGAIN;
	}
	WRITE_ONCE(kpatch_gen, new);
	/* The flip is visible before "switching" is cleared. */
	smp_mb();
	if (atomic_cmpxchg(&kpatch_switching, KP_SWITCHING, 0) ==
	    KP_SWITCHING)
		return 0;
	WRITE_ONCE(kpatch_gen, old);
	/* Restored before NMIs may use the current generation again. */
	smp_mb();
	atomic_set(&kpatch_switching, 0);
	return -EAGAIN;
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
	struct kpatch_patch *p = c->patch;
	struct kpatch_object *o;
	int i;

	c->ret = 0;
	if (c->nr_ranges && kpatch_tasks_busy(c)) {
		c->ret = -EBUSY;
		return 0;
	}
	if (!c->enable)
		for (o = p->objs; o < p->objs + p->nr_objs; o++)
			if (o->loaded)
				run_hooks(o->unload_hooks, o->nr_unload_hooks);
	/* NMIs are rare and short: wait for those running, try again. */
	for (i = 0; i < 10; i++) {
		wait_remote_nmis();
		if (!flip(c))
			break;
		nmi_waits++;
	}
	if (i == 10) {
		/* The unload hooks ran for nothing: the patch stays. */
		if (!c->enable)
			for (o = p->objs; o < p->objs + p->nr_objs; o++)
				if (o->loaded)
					run_hooks(o->load_hooks,
						  o->nr_load_hooks);
		c->blocker = busy_nmi;
		c->pid = 0;
		strscpy(c->comm, "nmi", sizeof(c->comm));
		c->ret = -EBUSY;
		return 0;
	}
	if (c->enable)
		for (o = p->objs; o < p->objs + p->nr_objs; o++)
			if (o->loaded)
				run_hooks(o->load_hooks, o->nr_load_hooks);
	return 0;
}

int kpatch_switch(struct kpatch_patch *p, bool enable)
{
	struct switch_ctx c = {
		.patch = p, .enable = enable, .replace = enable && p->replace,
	};
	unsigned int try, tries = min(retries, KPATCH_MAX_RETRIES);
	unsigned int delay = min(retry_delay_ms, KPATCH_MAX_RETRY_DELAY_MS);
	char stuck[160];
	bool cut = false;
	u64 t0;
	int ret;

	ret = build_ranges(&c);
	if (ret)
		return ret;
	for (try = 0; try <= tries; try++) {
		if (try && !kpatch_retry_pause(delay)) {
			cut = true;
			break;
		}
		/* A task known to be busy: no need to stop the machine. */
		if (c.nr_ranges && kpatch_tasks_precheck(&c)) {
			c.ret = -EBUSY;
			p->last_window_ns = 0;
			continue;
		}
		t0 = ktime_get_ns();
		ret = stop_machine(do_switch, &c, NULL);
		p->last_window_ns = ktime_get_ns() - t0;
		window_tasks = c.window_tasks;
		if (ret)
			break;
		if (!c.ret)
			break;
	}
	/* When every try failed or they were cut short, try counts them. */
	p->last_retries = cut ? try - 1 : min(try, tries);
	if (c.logging)
		kpatch_switchlog_stop();
	kfree(c.ranges);
	kvfree(c.seen);
	if (ret) {
		pr_err("kpatch: %s: stop_machine() failed: %d\n", p->mod->name,
		       ret);
		return ret;
	}
	if (!c.ret)
		return 0;
	p->busy_pid = c.pid;
	strscpy(p->busy_comm, c.comm, sizeof(p->busy_comm));
	p->busy_func = c.blocker;
	kpatch_tasks_stuck_at(&c, stuck, sizeof(stuck));
	pr_err("kpatch: %s %s refused after %u tries: pid %d (%s) is in %s%s%s\n",
	       enable ? "apply of" : "revert of", p->mod->name, try, c.pid,
	       c.comm, c.blocker, stuck,
	       cut ? "; retries cut short for a module load or unload" : "");
	return -EBUSY;
}
