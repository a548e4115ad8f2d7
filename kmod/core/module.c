// SPDX-License-Identifier: GPL-2.0
/*
 * Patches to modules that come and go while the patch stays loaded. A
 * module notifier applies a patch's object for a module when the module
 * is COMING (formed, ftrace-enabled, but its init not yet run, so nothing
 * can be running its code and no stop_machine() is needed): relocations
 * against its symbols are written, its functions verified and redirected,
 * and the author's pre-patch callback may refuse, which fails the load of
 * the module. When the module is GOING (its exit has run) the object is
 * unpatched and dropped again, relocations zeroed, so the next load starts
 * afresh. Both run under kpatch_mutex, like every other transition.
 *
 * A registration that finds the module COMING cannot tell whether this
 * notifier has already run for it, so the notifier remembers the modules
 * it has seen COMING until they are LIVE or GOING.
 *
 * Two notifier blocks, as the order matters both ways: at COMING we run
 * last (lowest priority), once the other subsystems (jump labels, static
 * calls, tracepoints, ...) have set the module up, so the patched code
 * finds it ready; at GOING we run first (highest priority), so the module
 * is unpatched before anyone tears down what the replacements may use.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

struct coming {
	struct list_head node;
	struct module *mod;
};

static LIST_HEAD(coming_mods);	/* under kpatch_mutex */

bool kpatch_module_seen_coming(struct module *mod)
{
	struct coming *c;

	list_for_each_entry(c, &coming_mods, node)
		if (c->mod == mod)
			return true;
	return false;
}

static void forget(struct module *mod)
{
	struct coming *c, *tmp;

	list_for_each_entry_safe(c, tmp, &coming_mods, node) {
		if (c->mod == mod) {
			list_del(&c->node);
			kfree(c);
		}
	}
}

/* Unpatch (when enabled) and drop one object of a module that goes. */
static void drop(struct kpatch_patch *p, struct kpatch_object *o)
{
	int i;

	if (p->enabled) {
		kpatch_obj_pre_unpatch(o);
		for (i = 0; i < o->nr_unload_hooks; i++)
			o->unload_hooks[i]();
		for (i = 0; i < o->nr_funcs; i++)
			kpatch_func_set_active(&o->funcs[i], false);
	}
	kpatch_unload_object(o);
	if (p->enabled) {
		kpatch_obj_post_unpatch(o);
		kpatch_timeline_add(KP_EV_MODULE_DROP, p, o->name, 0, NULL);
		pr_notice("kpatch: %s: %s unpatched, the module is going\n",
			  p->mod->name, o->name);
	}
}

static void going(struct module *mod)
{
	struct kpatch_patch *p;
	int i;

	forget(mod);
	list_for_each_entry(p, &kpatch_patches, list)
		for (i = 0; i < p->nr_objs; i++)
			if (p->objs[i].loaded && p->objs[i].mod == mod)
				drop(p, &p->objs[i]);
}

/* Load and (for an enabled patch) apply one object of a coming module. */
static int apply(struct kpatch_patch *p, struct kpatch_object *o,
		 struct module *mod)
{
	int i, ret;

	ret = kpatch_load_object(p, o, mod);
	if (ret || !p->enabled)
		return ret;
	ret = kpatch_obj_pre_patch(p, o);
	if (ret) {
		kpatch_unload_object(o);
		return ret;
	}
	/* Newest patch on top was settled by the stack order: just flip. */
	for (i = 0; i < o->nr_funcs; i++)
		kpatch_func_set_active(&o->funcs[i], true);
	kpatch_pin_if_forced(p, o);
	for (i = 0; i < o->nr_load_hooks; i++)
		o->load_hooks[i]();
	kpatch_obj_post_patch(o);
	kpatch_timeline_add(KP_EV_MODULE_APPLY, p, o->name, 0, NULL);
	pr_notice("kpatch: %s: %s patched as it loads\n", p->mod->name,
		  o->name);
	return 0;
}

/*
 * Patches are visited oldest first, so the newest ends on top of each
 * stack. On a failure, what was applied for this module is undone and the
 * module's load fails with the error.
 */
static int coming(struct module *mod)
{
	struct coming *c = kzalloc(sizeof(*c), GFP_KERNEL);
	struct kpatch_patch *p;
	int i, ret = 0;

	if (!c)
		return -ENOMEM;
	c->mod = mod;
	list_add(&c->node, &coming_mods);
	list_for_each_entry(p, &kpatch_patches, list) {
		for (i = 0; i < p->nr_objs && !ret; i++) {
			struct kpatch_object *o = &p->objs[i];

			if (o->loaded || strcmp(o->name, mod->name))
				continue;
			ret = apply(p, o, mod);
			if (ret)
				pr_err("kpatch: %s: cannot patch %s as it loads: %d\n",
				       p->mod->name, mod->name, ret);
		}
		if (ret)
			break;
	}
	if (ret)
		going(mod);
	return ret;
}

/* COMING and LIVE, after every other notifier. */
static int kpatch_module_coming(struct notifier_block *nb,
				unsigned long action, void *data)
{
	struct module *mod = data;
	int ret = 0;

	kpatch_lock_for_module();
	if (action == MODULE_STATE_COMING)
		ret = coming(mod);
	else if (action == MODULE_STATE_LIVE)
		forget(mod);
	mutex_unlock(&kpatch_mutex);
	return notifier_from_errno(ret);
}

/* GOING, before every other notifier. */
static int kpatch_module_going(struct notifier_block *nb,
			       unsigned long action, void *data)
{
	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	kpatch_lock_for_module();
	going(data);
	mutex_unlock(&kpatch_mutex);
	return NOTIFY_OK;
}

static struct notifier_block coming_nb = {
	.notifier_call = kpatch_module_coming,
	.priority = INT_MIN,
};

static struct notifier_block going_nb = {
	.notifier_call = kpatch_module_going,
	.priority = INT_MAX,
};

int kpatch_module_init(void)
{
	int ret = register_module_notifier(&going_nb);

	if (ret)
		return ret;
	ret = register_module_notifier(&coming_nb);
	if (ret)
		unregister_module_notifier(&going_nb);
	return ret;
}

void kpatch_module_exit(void)
{
	unregister_module_notifier(&coming_nb);
	unregister_module_notifier(&going_nb);
	mutex_lock(&kpatch_mutex);
	while (!list_empty(&coming_mods))
		forget(list_first_entry(&coming_mods, struct coming,
					node)->mod);
	mutex_unlock(&kpatch_mutex);
}
