// SPDX-License-Identifier: GPL-2.0
/*
 * Redirection: one ftrace ops per patched function address, whatever the
 * number of patches that replace that function. Two ops on one address
 * cannot both modify the instruction pointer (IPMODIFY), so stacking needs
 * one owner per address: each kpatch_ops carries the stack of every loaded
 * patch's replacement for it, newest patch first, and its handler jumps to
 * the first replacement whose `active` flag is set, or lets the original
 * run when none is.
 *
 * An ops is registered when the first patch for its address is loaded and
 * unregistered when the last one is removed; enabling and disabling only
 * flip `active` flags inside stop_machine() (switch.c), so kernel text is
 * never rewritten per enable/disable (see README: rewriting a hot ftrace
 * site per cycle hung TCG guests). The stacks change only under the core
 * mutex and are read by the handler under RCU (preemption disabled).
 */
#include <linux/rculist.h>
#include <linux/slab.h>
#include "internal.h"

struct kpatch_ops {
	struct list_head node;		/* in all_ops */
	unsigned long addr;
	struct ftrace_ops fops;
	struct list_head stack;		/* kpatch_func.stack_node, newest first */
};

static LIST_HEAD(all_ops);

static void notrace kpatch_handler(unsigned long ip, unsigned long pip,
				   struct ftrace_ops *fops,
				   struct ftrace_regs *fregs)
{
	struct kpatch_ops *k = container_of(fops, struct kpatch_ops, fops);
	struct kpatch_func *f;

	preempt_disable_notrace();
	list_for_each_entry_rcu(f, &k->stack, stack_node) {
		if (READ_ONCE(f->active)) {
			ftrace_instruction_pointer_set(fregs, f->new_addr);
			break;
		}
	}
	preempt_enable_notrace();
}

static struct kpatch_ops *find_ops(unsigned long addr)
{
	struct kpatch_ops *k;

	list_for_each_entry(k, &all_ops, node)
		if (k->addr == addr)
			return k;
	return NULL;
}

static int add_func(struct kpatch_func *f)
{
	struct kpatch_ops *k = find_ops(f->addr);
	int ret;

	f->active = false;
	if (k)
		goto push;
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->addr = f->addr;
	INIT_LIST_HEAD(&k->stack);
	k->fops.func = kpatch_handler;
	/*
	 * No SAVE_REGS: x86's ftrace_regs (DYNAMIC_FTRACE_WITH_ARGS) carry the
	 * instruction pointer, and the full register save would cost every
	 * call of a patched function.
	 */
	k->fops.flags = FTRACE_OPS_FL_IPMODIFY;
	ret = ftrace_set_filter_ip(&k->fops, k->addr, 0, 0);
	if (!ret) {
		ret = register_ftrace_function(&k->fops);
		if (ret)
			ftrace_set_filter_ip(&k->fops, k->addr, 1, 0);
	}
	if (ret) {
		pr_err("kpatch: %s: ftrace registration failed: %d\n",
		       f->name, ret);
		kfree(k);
		return ret;
	}
	list_add(&k->node, &all_ops);
push:
	f->kops = k;
	list_add_rcu(&f->stack_node, &k->stack);
	return 0;
}

/* Inactive functions only: the handler may be reading the stack. */
static void del_func(struct kpatch_func *f)
{
	struct kpatch_ops *k = f->kops;

	if (!k)
		return;
	f->kops = NULL;
	list_del_rcu(&f->stack_node);
	if (!list_empty(&k->stack))
		return;
	/* Waits for running handlers, so k may be freed afterwards. */
	unregister_ftrace_function(&k->fops);
	ftrace_set_filter_ip(&k->fops, k->addr, 1, 0);
	list_del(&k->node);
	kfree(k);
}

/* The handler must be done with removed entries before they are freed. */
void kpatch_ops_del_object(struct kpatch_object *obj)
{
	int i;

	for (i = 0; i < obj->nr_funcs; i++)
		del_func(&obj->funcs[i]);
	synchronize_rcu();
}

/* Called with kpatch_mutex held and the object's functions resolved. */
int kpatch_ops_add_object(struct kpatch_patch *p, struct kpatch_object *obj)
{
	int i, ret;

	for (i = 0; i < obj->nr_funcs; i++) {
		obj->funcs[i].patch = p;
		ret = add_func(&obj->funcs[i]);
		if (ret) {
			while (--i >= 0)
				del_func(&obj->funcs[i]);
			synchronize_rcu();
			return ret;
		}
	}
	return 0;
}

/*
 * The code that runs for f's address, given each stacked function's state
 * (`active` now, `want` after the transition being prepared): the newest
 * such replacement, or NULL for the original.
 */
struct kpatch_func *kpatch_ops_top(struct kpatch_func *f, bool after)
{
	struct kpatch_func *g;

	list_for_each_entry(g, &f->kops->stack, stack_node)
		if (after ? g->want : g->active)
			return g;
	return NULL;
}

/* A newer replacement of f's function that is active, if any. */
struct kpatch_func *kpatch_ops_newer_active(struct kpatch_func *f)
{
	struct kpatch_func *g;

	list_for_each_entry(g, &f->kops->stack, stack_node) {
		if (g == f)
			break;
		if (g->active)
			return g;
	}
	return NULL;
}
