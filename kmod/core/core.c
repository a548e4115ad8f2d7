// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch.ko core: registration of patches (symbols, relocations, one ftrace
 * ops per function), and enabling/disabling them with the author's
 * callbacks around the switch (switch.c). One mutex serialises all
 * transitions.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include "internal.h"

MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");
MODULE_DESCRIPTION("kpatch core: live function replacement");

DEFINE_MUTEX(kpatch_mutex);
static LIST_HEAD(patches);

static void notrace kpatch_handler(unsigned long ip, unsigned long pip,
				   struct ftrace_ops *ops,
				   struct ftrace_regs *fregs)
{
	struct kpatch_func *f = container_of(ops, struct kpatch_func, ops);
	struct pt_regs *regs = ftrace_get_regs(fregs);

	if (READ_ONCE(f->active))
		regs->ip = f->new_addr;
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

/*
 * Attach the (inactive) handler to every function once, at registration:
 * enabling and disabling then only flip `active` inside stop_machine() and
 * never rewrite kernel text while other CPUs run through it.
 */
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

/* Callbacks of objects [0, upto); every object is loaded (vmlinux only). */
static void post_patch(struct kpatch_patch *p, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (p->objs[i].callbacks.post_patch)
			p->objs[i].callbacks.post_patch(&p->objs[i]);
}

static void pre_unpatch(struct kpatch_patch *p)
{
	int i;

	for (i = 0; i < p->nr_objs; i++)
		if (p->objs[i].callbacks.pre_unpatch)
			p->objs[i].callbacks.pre_unpatch(&p->objs[i]);
}

static void post_unpatch(struct kpatch_patch *p, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (p->objs[i].callbacks.post_unpatch)
			p->objs[i].callbacks.post_unpatch(&p->objs[i]);
}

/* The first failing pre_patch aborts; the objects before it are undone. */
static int pre_patch(struct kpatch_patch *p)
{
	int i, ret;

	for (i = 0; i < p->nr_objs; i++) {
		if (!p->objs[i].callbacks.pre_patch)
			continue;
		ret = p->objs[i].callbacks.pre_patch(&p->objs[i]);
		if (ret) {
			pr_err("kpatch: %s: pre-patch callback for %s failed: %d\n",
			       p->mod->name, p->objs[i].name, ret);
			kpatch_timeline_add(KP_EV_FAIL, p, p->objs[i].name, ret,
					    "pre-patch callback");
			post_unpatch(p, i);
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
	ret = pre_patch(p);
	if (!ret) {
		ret = kpatch_switch(p, true);
		if (ret) {
			kpatch_timeline_add(ret == -EBUSY ? KP_EV_REFUSE :
					    KP_EV_APPLY, p, NULL, ret, NULL);
			post_unpatch(p, p->nr_objs);
		}
	}
	if (ret) {
		module_put(p->mod);
		pr_err("kpatch: %s: apply failed: %d\n", p->mod->name, ret);
		return ret;
	}
	add_taint(TAINT_LIVEPATCH, LOCKDEP_STILL_OK);
	p->enabled = true;
	post_patch(p, p->nr_objs);
	kpatch_timeline_add(KP_EV_APPLY, p, NULL, 0, NULL);
	pr_notice("kpatch: %s: applied (window %llu ns)\n", p->mod->name,
		  p->last_window_ns);
	return 0;
}

int kpatch_disable(struct kpatch_patch *p)
{
	int ret;

	if (!p->enabled)
		return 0;
	pre_unpatch(p);
	ret = kpatch_switch(p, false);
	kpatch_timeline_add(ret == -EBUSY ? KP_EV_REFUSE : KP_EV_REVERT, p,
			    NULL, ret, NULL);
	if (ret) {
		/* Still patched: tell the objects so, undoing pre_unpatch. */
		post_patch(p, p->nr_objs);
		return ret;
	}
	p->enabled = false;
	post_unpatch(p, p->nr_objs);
	module_put(p->mod);
	pr_notice("kpatch: %s: reverted (window %llu ns)\n", p->mod->name,
		  p->last_window_ns);
	return 0;
}

int kpatch_register(struct kpatch_patch *p)
{
	int i, j, ret = 0;

	mutex_lock(&kpatch_mutex);
	for (i = 0; i < p->nr_objs && !ret; i++) {
		if (strcmp(p->objs[i].name, "vmlinux")) {
			pr_err("kpatch: %s: module objects not supported yet\n",
			       p->objs[i].name);
			ret = -EOPNOTSUPP;
			break;
		}
		for (j = 0; j < p->objs[i].nr_funcs && !ret; j++) {
			ret = kpatch_resolve_func(&p->objs[i].funcs[j]);
			if (ret)
				kpatch_timeline_add(KP_EV_FAIL, p, NULL, ret,
						    p->objs[i].funcs[j].name);
		}
		if (!ret) {
			ret = kpatch_apply_relocs(p, &p->objs[i]);
			if (ret)
				kpatch_timeline_add(KP_EV_FAIL, p,
						    p->objs[i].name, ret,
						    "relocations");
		}
	}
	if (ret)
		goto out;
	ret = hook(p);
	if (ret) {
		kpatch_timeline_add(KP_EV_FAIL, p, NULL, ret, "ftrace");
		goto out;
	}
	ret = kpatch_sysfs_add(p);
	if (ret)
		goto out_unhook;
	kpatch_timeline_add(KP_EV_LOAD, p, NULL, 0, NULL);
	ret = kpatch_enable(p);
	if (ret) {
		kpatch_sysfs_del(p);
		kpatch_timeline_add(KP_EV_UNLOAD, p, NULL, 0, NULL);
		goto out_unhook;
	}
	list_add_tail(&p->list, &patches);
	goto out;
out_unhook:
	unhook(p, INT_MAX);
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
	unhook(p, INT_MAX);
	list_del(&p->list);
	kpatch_timeline_add(KP_EV_UNLOAD, p, NULL, 0, NULL);
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
	kpatch_shadow_exit();
}

module_init(kpatch_init);
module_exit(kpatch_exit);
