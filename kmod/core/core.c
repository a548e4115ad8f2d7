// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch.ko core: registration of patches (symbols, relocations, their
 * functions pushed on the per-address ftrace stacks of ops.c), and
 * enabling/disabling them with the author's callbacks around the switch
 * (switch.c), including stacking rules and atomic replace. One mutex
 * serialises all transitions.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/wait.h>
#include "internal.h"

MODULE_LICENSE("GPL");
MODULE_VERSION(KPATCH_VERSION);
MODULE_DESCRIPTION("kpatch core: live function replacement");

DEFINE_MUTEX(kpatch_mutex);
/* Loaded patches, oldest first; under kpatch_mutex. */
LIST_HEAD(kpatch_patches);

/* Module notifiers waiting for kpatch_mutex, and the retries' pause. */
static atomic_t module_waiters = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(retry_pause);

/*
 * kpatch_mutex for the module notifiers. A transition pausing between
 * its tries stops retrying, rather than make the module's load or unload
 * (and every one queued behind it) wait out the retries. It does not
 * drop the mutex for the pause instead: the module's object of the patch
 * in transition could then come or go between two tries, with its
 * callbacks out of their pairs.
 */
void kpatch_lock_for_module(void)
{
	atomic_inc(&module_waiters);
	wake_up(&retry_pause);
	mutex_lock(&kpatch_mutex);
	atomic_dec(&module_waiters);
}

/* The pause before a retry; false if a module notifier waits instead. */
bool kpatch_retry_pause(unsigned int ms)
{
	wait_event_timeout(retry_pause, atomic_read(&module_waiters),
			   msecs_to_jiffies(ms));
	return !atomic_read(&module_waiters);
}

/* Callbacks of the loaded objects among [0, upto). */
static void post_patch(struct kpatch_patch *p, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (p->objs[i].loaded)
			kpatch_obj_post_patch(&p->objs[i]);
}

static void pre_unpatch(struct kpatch_patch *p)
{
	int i;

	for (i = 0; i < p->nr_objs; i++)
		if (p->objs[i].loaded)
			kpatch_obj_pre_unpatch(&p->objs[i]);
}

static void post_unpatch(struct kpatch_patch *p, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (p->objs[i].loaded)
			kpatch_obj_post_unpatch(&p->objs[i]);
}

/* The first failing pre_patch aborts; the objects before it are undone. */
static int pre_patch(struct kpatch_patch *p)
{
	int i, ret;

	for (i = 0; i < p->nr_objs; i++) {
		if (!p->objs[i].loaded)
			continue;
		ret = kpatch_obj_pre_patch(p, &p->objs[i]);
		if (ret) {
			post_unpatch(p, i);
			return ret;
		}
	}
	return 0;
}

/*
 * After an atomic replace: every other patch is now disabled (its functions
 * were turned off in the same stop_machine window) and may be unloaded.
 */
static void retire_replaced(struct kpatch_patch *p)
{
	struct kpatch_patch *q;

	list_for_each_entry(q, &kpatch_patches, list) {
		if (q == p || !q->enabled)
			continue;
		kpatch_pin_if_forced(q, NULL);
		q->enabled = false;
		q->last_window_ns = p->last_window_ns;
		q->last_retries = p->last_retries;
		kpatch_timeline_add(KP_EV_REPLACE, q, NULL, 0, p->mod->name);
		pr_notice("kpatch: %s: replaced by %s\n", q->mod->name,
			  p->mod->name);
		module_put(q->mod);
	}
}

/*
 * Only the newest enabled version of a function may go: under it, the
 * older one would come back while the newer stays, which is not what
 * anybody asked for.
 */
static int check_top(struct kpatch_patch *p)
{
	struct kpatch_object *o;
	struct kpatch_func *f, *g;

	kpatch_for_each_func(p, o, f) {
		g = kpatch_ops_newer_active(f);
		if (!g)
			continue;
		pr_err("kpatch: %s: cannot disable: %s is also replaced by %s, which is newer and enabled; disable %s first\n",
		       p->mod->name, f->name, g->patch->mod->name,
		       g->patch->mod->name);
		kpatch_timeline_add(KP_EV_FAIL, p, NULL, -EPERM,
				    "newer patch enabled");
		return -EPERM;
	}
	return 0;
}

/*
 * After a revert a task may still be running a forced replacement (its
 * activeness was never checked), so a patch that has applied one keeps a
 * reference on its module for good, as upstream kpatch does. Called each
 * time functions become active: at enable for every loaded object, when
 * a module object is applied as its module comes (module.c; obj is that
 * object, NULL for all), and for each patch an atomic replace turns off.
 */
void kpatch_pin_if_forced(struct kpatch_patch *p, struct kpatch_object *obj)
{
	struct kpatch_object *o;
	struct kpatch_func *f;

	if (p->forced)
		return;
	kpatch_for_each_func(p, o, f) {
		if (!f->force || (obj && o != obj))
			continue;
		p->forced = true;
		__module_get(p->mod);
		pr_notice("kpatch: %s: %s was applied without the activeness check (forced); the patch module can no longer be unloaded\n",
			  p->mod->name, f->name);
		return;
	}
}

int kpatch_enable(struct kpatch_patch *p)
{
	int ret;

	if (p->dead)
		return -ENODEV;
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
	kpatch_pin_if_forced(p, NULL);
	if (p->replace)
		retire_replaced(p);
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
	ret = check_top(p);
	if (ret)
		return ret;
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

/*
 * A module object is loaded now if its module is live, or coming and
 * already past our COMING notifier (which would otherwise miss it);
 * a module still before that notifier is left to it.
 */
static int load_objects(struct kpatch_patch *p)
{
	enum module_state state;
	struct kpatch_object *o;
	struct module *mod;
	int ret = 0;

	for (o = p->objs; o < p->objs + p->nr_objs && !ret; o++) {
		if (!strcmp(o->name, "vmlinux")) {
			ret = kpatch_load_object(p, o, NULL);
			continue;
		}
		mod = kpatch_find_module(o->name, &state);
		if (mod && (state == MODULE_STATE_LIVE ||
			    (state == MODULE_STATE_COMING &&
			     kpatch_module_seen_coming(mod))))
			ret = kpatch_load_object(p, o, mod);
		else
			pr_notice("kpatch: %s: %s not loaded, deferred\n",
				  p->mod->name, o->name);
	}
	return ret;
}

static void unload_objects(struct kpatch_patch *p)
{
	int i;

	for (i = 0; i < p->nr_objs; i++)
		kpatch_unload_object(&p->objs[i]);
}

/*
 * A failed apply leaves the patch's objects and sysfs directory to remove.
 * The objects go first, under the mutex: once it is dropped, a module
 * notifier may run, and it no longer finds the patch on the list, so an
 * object of a module going away then would keep its ftrace filter on the
 * module's freed text. Sysfs removal waits for writers of `enabled`
 * already inside it, which may be waiting for kpatch_mutex: so the patch
 * is marked dead (a writer that gets in then fails), and sysfs is removed
 * with the mutex dropped, as kpatch_unregister does.
 */
static void drop_failed(struct kpatch_patch *p)
{
	p->dead = true;
	list_del(&p->list);
	unload_objects(p);
	kpatch_timeline_add(KP_EV_UNLOAD, p, NULL, 0, NULL);
	mutex_unlock(&kpatch_mutex);
	kpatch_sysfs_del(p);
}

int kpatch_register(struct kpatch_patch *p)
{
	int ret;

	mutex_lock(&kpatch_mutex);
	p->dead = false;
	p->forced = false;
	ret = load_objects(p);
	if (!ret)
		ret = kpatch_sysfs_add(p);
	if (ret) {
		unload_objects(p);
		mutex_unlock(&kpatch_mutex);
		goto refused;
	}
	kpatch_timeline_add(KP_EV_LOAD, p, NULL, 0, NULL);
	list_add_tail(&p->list, &kpatch_patches);
	ret = kpatch_enable(p);
	if (!ret) {
		mutex_unlock(&kpatch_mutex);
		return 0;
	}
	drop_failed(p);
refused:
	pr_err("kpatch: %s: registration refused: %d\n", p->mod->name, ret);
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
	unload_objects(p);
	list_del(&p->list);
	kpatch_timeline_add(KP_EV_UNLOAD, p, NULL, 0, NULL);
	mutex_unlock(&kpatch_mutex);
}
EXPORT_SYMBOL_GPL(kpatch_unregister);

static int __init kpatch_init(void)
{
	int ret = kpatch_symbols_init();

	if (ret)
		return ret;
	ret = kpatch_tasks_init();	/* tasks.c, exits.c */
	if (ret)
		return ret;
	ret = kpatch_sysfs_init();
	if (ret)
		goto out_tasks;
	ret = kpatch_module_init();
	if (ret)
		goto out_sysfs;
	ret = kpatch_early_init();	/* early.c */
	if (!ret)
		return 0;
	kpatch_module_exit();
out_sysfs:
	kpatch_sysfs_exit();
out_tasks:
	kpatch_tasks_exit();
	return ret;
}

static void __exit kpatch_exit(void)
{
	kpatch_early_exit();
	kpatch_switchlog_exit();
	kpatch_module_exit();
	kpatch_sysfs_exit();
	kpatch_tasks_exit();
	kpatch_shadow_exit();
}

module_init(kpatch_init);
module_exit(kpatch_exit);
