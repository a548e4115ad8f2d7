// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch.ko core: registration of patches, redirection through one ftrace
 * ops per function, and the switch itself inside stop_machine() after a
 * walk of every task's stack proves no task is running a function being
 * replaced (or a replacement being removed). One mutex serialises all
 * transitions.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/stop_machine.h>
#include <linux/delay.h>
#include <asm/unwind.h>
#include "internal.h"

MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");
MODULE_DESCRIPTION("kpatch core: live function replacement");

DEFINE_MUTEX(kpatch_mutex);
static LIST_HEAD(patches);

static unsigned int retries = 5;
module_param(retries, uint, 0644);
static unsigned int retry_delay_ms = 20;
module_param(retry_delay_ms, uint, 0644);

static void notrace kpatch_handler(unsigned long ip, unsigned long pip,
				   struct ftrace_ops *ops,
				   struct ftrace_regs *fregs)
{
	struct kpatch_func *f = container_of(ops, struct kpatch_func, ops);
	struct pt_regs *regs = ftrace_get_regs(fregs);

	if (READ_ONCE(f->active))
		regs->ip = f->new_addr;
}

struct switch_ctx {
	struct kpatch_patch *patch;
	bool enable;
	int ret;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *blocker;
};

/* The range a task must not be in: old code on patch, new on unpatch. */
static const char *busy_func(struct switch_ctx *c, unsigned long ra)
{
	struct kpatch_patch *p = c->patch;
	int i, j;

	for (i = 0; i < p->nr_objs; i++) {
		for (j = 0; j < p->objs[i].nr_funcs; j++) {
			struct kpatch_func *f = &p->objs[i].funcs[j];
			unsigned long a = c->enable ? f->addr : f->new_addr;
			unsigned long n = c->enable ? f->size : f->new_size;

			if (!f->force && ra >= a && ra < a + n)
				return f->name;
		}
	}
	return NULL;
}

static bool task_busy(struct switch_ctx *c, struct task_struct *t)
{
	struct unwind_state st;
	unsigned long ra;

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

static int do_switch(void *data)
{
	struct switch_ctx *c = data;
	struct task_struct *g, *t;
	int i, j;

	for_each_process_thread(g, t) {
		if (task_busy(c, t)) {
			c->ret = -EBUSY;
			return 0;
		}
	}
	for (i = 0; i < c->patch->nr_objs; i++)
		for (j = 0; j < c->patch->objs[i].nr_funcs; j++)
			WRITE_ONCE(c->patch->objs[i].funcs[j].active, c->enable);
	c->ret = 0;
	return 0;
}

static int run_switch(struct kpatch_patch *p, bool enable)
{
	struct switch_ctx c = { .patch = p, .enable = enable };
	unsigned int try;
	u64 t0;

	for (try = 0; try <= retries; try++) {
		if (try)
			msleep(retry_delay_ms);
		t0 = ktime_get_ns();
		stop_machine(do_switch, &c, NULL);
		p->last_window_ns = ktime_get_ns() - t0;
		if (!c.ret)
			return 0;
	}
	pr_err("kpatch: %s %s refused after %u tries: pid %d (%s) is in %s\n",
	       enable ? "apply of" : "revert of", p->mod->name, retries + 1,
	       c.pid, c.comm, c.blocker);
	return -EBUSY;
}

static void unhook(struct kpatch_patch *p, int upto)
{
	int i, j, n = 0;

	for (i = 0; i < p->nr_objs; i++)
		for (j = 0; j < p->objs[i].nr_funcs; j++, n++) {
			struct kpatch_func *f = &p->objs[i].funcs[j];

			if (n >= upto)
				return;
			unregister_ftrace_function(&f->ops);
			ftrace_set_filter_ip(&f->ops, f->addr, 1, 0);
		}
}

static int hook(struct kpatch_patch *p)
{
	int i, j, n = 0, ret;

	for (i = 0; i < p->nr_objs; i++)
		for (j = 0; j < p->objs[i].nr_funcs; j++, n++) {
			struct kpatch_func *f = &p->objs[i].funcs[j];

			f->active = false;
			f->ops.func = kpatch_handler;
			f->ops.flags = FTRACE_OPS_FL_SAVE_REGS |
				       FTRACE_OPS_FL_IPMODIFY;
			ret = ftrace_set_filter_ip(&f->ops, f->addr, 0, 0);
			if (!ret) {
				ret = register_ftrace_function(&f->ops);
				if (ret)
					ftrace_set_filter_ip(&f->ops, f->addr,
							     1, 0);
			}
			if (ret) {
				pr_err("kpatch: %s: ftrace registration failed: %d\n",
				       f->name, ret);
				unhook(p, n);
				return ret;
			}
		}
	return 0;
}

int kpatch_enable(struct kpatch_patch *p)
{
	int ret;

	if (p->enabled)
		return 0;
	if (!try_module_get(p->mod))
		return -ENODEV;
	ret = hook(p);
	if (!ret)
		ret = run_switch(p, true);
	if (ret) {
		if (ret == -EBUSY)
			unhook(p, INT_MAX);
		module_put(p->mod);
		pr_err("kpatch: %s: apply failed: %d\n", p->mod->name, ret);
		return ret;
	}
	add_taint(TAINT_LIVEPATCH, LOCKDEP_STILL_OK);
	p->enabled = true;
	pr_notice("kpatch: %s: applied (window %llu ns)\n", p->mod->name,
		  p->last_window_ns);
	return 0;
}

int kpatch_disable(struct kpatch_patch *p)
{
	int ret;

	if (!p->enabled)
		return 0;
	ret = run_switch(p, false);
	if (ret)
		return ret;
	unhook(p, INT_MAX);
	p->enabled = false;
	module_put(p->mod);
	pr_notice("kpatch: %s: reverted (window %llu ns)\n", p->mod->name,
		  p->last_window_ns);
	return 0;
}

int kpatch_register(struct kpatch_patch *p)
{
	int i, j, ret;

	mutex_lock(&kpatch_mutex);
	for (i = 0; i < p->nr_objs; i++) {
		if (strcmp(p->objs[i].name, "vmlinux")) {
			pr_err("kpatch: %s: module objects not supported yet\n",
			       p->objs[i].name);
			ret = -EOPNOTSUPP;
			goto out;
		}
		for (j = 0; j < p->objs[i].nr_funcs; j++) {
			ret = kpatch_resolve_func(&p->objs[i].funcs[j]);
			if (ret)
				goto out;
		}
	}
	ret = kpatch_sysfs_add(p);
	if (ret)
		goto out;
	ret = kpatch_enable(p);
	if (ret) {
		kpatch_sysfs_del(p);
		goto out;
	}
	list_add_tail(&p->list, &patches);
out:
	if (ret)
		pr_err("kpatch: %s: registration refused: %d\n", p->mod->name,
		       ret);
	mutex_unlock(&kpatch_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(kpatch_register);

void kpatch_unregister(struct kpatch_patch *p)
{
	/*
	 * Remove sysfs first and outside the mutex: removal waits for running
	 * writers, which may be waiting for the mutex. A writer that gets in
	 * first fails in try_module_get, as this module is going.
	 */
	kpatch_sysfs_del(p);
	mutex_lock(&kpatch_mutex);
	WARN_ON(p->enabled);
	list_del(&p->list);
	mutex_unlock(&kpatch_mutex);
}
EXPORT_SYMBOL_GPL(kpatch_unregister);

static int __init kpatch_init(void)
{
	int ret = kpatch_symbols_init();

	return ret ? ret : kpatch_sysfs_init();
}

static void __exit kpatch_exit(void)
{
	kpatch_sysfs_exit();
}

module_init(kpatch_init);
module_exit(kpatch_exit);
