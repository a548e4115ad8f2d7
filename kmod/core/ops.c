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
 *
 * The ops are FTRACE_OPS_FL_PERMANENT, as livepatch's: with
 * kernel.ftrace_enabled=0 ftrace refuses to register them (a patch would
 * otherwise report "enabled" with nothing redirected), and while one is
 * registered ftrace refuses to be switched off (which would silently
 * unpatch).
 */
#include <linux/hardirq.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include "compat.h"
#include "internal.h"

struct kpatch_ops {
	struct list_head node;		/* in all_ops */
	unsigned long addr;
	struct ftrace_ops fops;
	struct list_head stack;		/* kpatch_func.stack_node, newest first */
};

static LIST_HEAD(all_ops);

/*
 * The generation this call uses. Outside an NMI, the current one. An NMI
 * can interrupt a CPU spinning in stop_machine() while another CPU flips
 * the generation; it must not see some functions of a patch new and
 * others old, so during a switch it uses the previous generation and
 * tells the switch, which then rolls back and retries; an NMI that was
 * already running when the switch began makes the switch wait for its
 * end (switch.c flip()).
 */
static unsigned int notrace call_gen(void)
{
	if (likely(!in_nmi()))
		return READ_ONCE(kpatch_gen);
	/*
	 * Pairs with the barrier after "switching" is set (switch.c flip()):
	 * a full one, as it also orders this CPU's entry into the NMI (its
	 * preempt count, which the switch reads) before the flag is read.
	 * The generation is read after the flag: read before, it could be
	 * the old one while the flag already reads as the switch's end.
	 */
	smp_mb();
	if (likely(!atomic_read(&kpatch_switching)))
		return READ_ONCE(kpatch_gen);
	/*
	 * The switch is over if the flag was cleared meanwhile (it ended,
	 * flipped or rolled back, before seeing us): its result holds.
	 */
	if (!atomic_cmpxchg(&kpatch_switching, KP_SWITCHING, KP_SWITCH_NMI))
		return READ_ONCE(kpatch_gen);
	return READ_ONCE(kpatch_prev_gen);
}

static void notrace kpatch_handler(unsigned long ip, unsigned long pip,
				   struct ftrace_ops *fops,
				   struct ftrace_regs *fregs)
{
	struct kpatch_ops *k = container_of(fops, struct kpatch_ops, fops);
	struct kpatch_func *f;
	unsigned int gen;

	preempt_disable_notrace();
	gen = call_gen() & 1;
	list_for_each_entry_rcu(f, &k->stack, stack_node) {
		if (READ_ONCE(f->active[gen])) {
			kpatch_set_ip(fregs, f->new_addr);
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

	kpatch_func_set_active(f, false);
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
	k->fops.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT;
	ret = ftrace_set_filter_ip(&k->fops, k->addr, 0, 0);
	if (!ret) {
		ret = register_ftrace_function(&k->fops);
		if (ret)
			ftrace_set_filter_ip(&k->fops, k->addr, 1, 0);
	}
	if (ret == -EBUSY)
		pr_err("kpatch: %s: ftrace refused to redirect it (-EBUSY): kernel.ftrace_enabled is 0, or another ftrace user already modifies its instruction pointer\n",
		       f->name);
	else if (ret)
		pr_err("kpatch: %s: ftrace registration failed: %d\n",
		       f->name, ret);
	if (ret) {
		kfree(k);
		return ret;
	}
	list_add(&k->node, &all_ops);
push:
	f->kops = k;
	list_add_rcu(&f->stack_node, &k->stack);
	return 0;
}

/*
 * Inactive functions only: the handler may be reading the stack. True when
 * f was taken off a stack that stays (another patch still owns the
 * address), so its handler may still be looking at f.
 */
static bool del_func(struct kpatch_func *f)
{
	struct kpatch_ops *k = f->kops;
	int ret;

	if (!k)
		return false;
	f->kops = NULL;
	list_del_rcu(&f->stack_node);
	if (!list_empty(&k->stack))
		return true;
	/*
	 * ftrace's own removal waits for running handlers and for tasks
	 * preempted in the trampoline, so k may be freed afterwards.
	 */
	unregister_ftrace_function(&k->fops);
	ret = ftrace_set_filter_ip(&k->fops, k->addr, 1, 0);
	if (ret) {
		/* -EINVAL: ftrace no longer knows the address (module freed). */
		pr_warn("kpatch: %s: ftrace filter not removed (%d)%s\n",
			f->name, ret, ret == -EINVAL ? ": its text is gone" : "");
		ftrace_free_filter(&k->fops);
	}
	list_del(&k->node);
	kfree(k);
	return false;
}

/*
 * Before the functions' memory (the patch module) can go, every handler
 * that may still see them must be done, as ftrace waits before freeing an
 * ops: synchronize_rcu() for handlers with preemption off, the "rude" RCU
 * for those running where RCU does not watch (idle, entry code), and
 * tasks-RCU for a task preempted in the ftrace trampoline of an address
 * whose ops stays registered.
 */
static void wait_for_handlers(bool shared)
{
	synchronize_rcu();
	if (!shared)
		return;
#ifdef CONFIG_TASKS_RUDE_RCU
	synchronize_rcu_tasks_rude();
#endif
#ifdef CONFIG_TASKS_RCU
	synchronize_rcu_tasks();
#endif
}

void kpatch_ops_del_object(struct kpatch_object *obj)
{
	bool shared = false;
	int i;

	for (i = 0; i < obj->nr_funcs; i++)
		shared |= del_func(&obj->funcs[i]);
	wait_for_handlers(shared);
}

/* Called with kpatch_mutex held and the object's functions resolved. */
int kpatch_ops_add_object(struct kpatch_patch *p, struct kpatch_object *obj)
{
	int i, ret;

	for (i = 0; i < obj->nr_funcs; i++) {
		obj->funcs[i].patch = p;
		ret = add_func(&obj->funcs[i]);
		if (ret) {
			bool shared = false;

			while (--i >= 0)
				shared |= del_func(&obj->funcs[i]);
			wait_for_handlers(shared);
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
		if (after ? g->want : kpatch_func_active(g))
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
		if (kpatch_func_active(g))
			return g;
	}
	return NULL;
}

/* The handler's code, which a task may be in (switch.c). */
unsigned long kpatch_handler_addr(void)
{
	return (unsigned long)kpatch_handler;
}

/*
 * fn(data, start, size) for each ops' own trampoline (ftrace allocates one
 * per ops on x86) and the number of ops; under kpatch_mutex.
 */
int kpatch_ops_trampolines(void (*fn)(void *, unsigned long, unsigned long),
			   void *data)
{
	struct kpatch_ops *k;
	int n = 0;

	list_for_each_entry(k, &all_ops, node) {
		n++;
		if (fn && k->fops.trampoline)
			fn(data, k->fops.trampoline, k->fops.trampoline_size);
	}
	return n;
}
