// SPDX-License-Identifier: GPL-2.0
/*
 * Shadow variables: data a patch attaches to an existing kernel object
 * (keyed by the object's address and a patch-chosen id) without changing
 * the object's layout, e.g. a new field for a struct the old code still
 * allocates.
 *
 * Lookups are lock-free under RCU, because patched code calls them on hot
 * paths; additions and removals take one spinlock with interrupts off, so
 * every function may be called from any context, including interrupts,
 * provided the caller passes a gfp mask that does not sleep there
 * (GFP_ATOMIC). Memory is allocated before the lock is taken and freed
 * after an RCU grace period, so a reader that found a shadow variable can
 * keep using it until it leaves its RCU section.
 *
 * The kernel's own klp_shadow_* (CONFIG_LIVEPATCH) work the same way and
 * can be called by kpatch patches as well; these are for kernels without
 * livepatch and for patches written against kpatch's names.
 */
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "internal.h"

struct kpatch_shadow {
	struct hlist_node node;
	struct rcu_head rcu;
	void *obj;
	unsigned long id;
	char data[];
};

/* 4096 buckets: a patch may shadow one field of every task or inode. */
static DEFINE_HASHTABLE(shadow_hash, 12);
static DEFINE_SPINLOCK(shadow_lock);

/* Callers hold shadow_lock or rcu_read_lock(). */
static struct kpatch_shadow *find(void *obj, unsigned long id)
{
	struct kpatch_shadow *s;

	hash_for_each_possible_rcu(shadow_hash, s, node, (unsigned long)obj,
				   lockdep_is_held(&shadow_lock)) {
		if (s->obj == obj && s->id == id)
			return s;
	}
	return NULL;
}

void *kpatch_shadow_get(void *obj, unsigned long id)
{
	struct kpatch_shadow *s;
	void *data = NULL;

	rcu_read_lock();
	s = find(obj, id);
	if (s)
		data = s->data;
	rcu_read_unlock();
	return data;
}
EXPORT_SYMBOL_GPL(kpatch_shadow_get);

/*
 * Allocate outside the lock (the gfp mask may sleep), then add under it
 * unless another CPU got there first. The constructor runs under the lock,
 * so nobody sees a half-built variable; it must not sleep.
 */
static void *get_or_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp, kpatch_shadow_ctor_t ctor,
			  void *ctor_data, bool fail_if_found)
{
	struct kpatch_shadow *s, *old;
	unsigned long flags;
	void *data;

	data = kpatch_shadow_get(obj, id);
	if (data)
		goto found;
	s = kzalloc(struct_size(s, data, size), gfp);
	if (!s)
		return NULL;
	s->obj = obj;
	s->id = id;
	spin_lock_irqsave(&shadow_lock, flags);
	old = find(obj, id);
	if (old) {
		spin_unlock_irqrestore(&shadow_lock, flags);
		kfree(s);
		data = old->data;
		goto found;
	}
	if (ctor && ctor(obj, s->data, ctor_data)) {
		spin_unlock_irqrestore(&shadow_lock, flags);
		kfree(s);
		pr_err("kpatch: shadow <%p, %lx>: constructor failed\n", obj,
		       id);
		return NULL;
	}
	hash_add_rcu(shadow_hash, &s->node, (unsigned long)obj);
	spin_unlock_irqrestore(&shadow_lock, flags);
	return s->data;
found:
	if (!fail_if_found)
		return data;
	/* A second alloc is the patch's bug, but not the kernel's: no WARN. */
	pr_err("kpatch: shadow <%p, %lx> already exists\n", obj, id);
	return NULL;
}

void *kpatch_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp, kpatch_shadow_ctor_t ctor,
			  void *ctor_data)
{
	return get_or_alloc(obj, id, size, gfp, ctor, ctor_data, true);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_alloc);

void *kpatch_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp, kpatch_shadow_ctor_t ctor,
				 void *ctor_data)
{
	return get_or_alloc(obj, id, size, gfp, ctor, ctor_data, false);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_get_or_alloc);

/* Under shadow_lock: unhash, let dtor see the data, free after readers. */
static void drop(struct kpatch_shadow *s, kpatch_shadow_dtor_t dtor)
{
	hash_del_rcu(&s->node);
	if (dtor)
		dtor(s->obj, s->data);
	kfree_rcu(s, rcu);
}

void kpatch_shadow_free(void *obj, unsigned long id,
			kpatch_shadow_dtor_t dtor)
{
	struct kpatch_shadow *s;
	unsigned long flags;

	spin_lock_irqsave(&shadow_lock, flags);
	s = find(obj, id);
	if (s)
		drop(s, dtor);
	spin_unlock_irqrestore(&shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_free);

/* Every variable with this id, whatever object it is attached to. */
void kpatch_shadow_free_all(unsigned long id, kpatch_shadow_dtor_t dtor)
{
	struct kpatch_shadow *s;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&shadow_lock, flags);
	hash_for_each_safe(shadow_hash, bkt, tmp, s, node) {
		if (s->id == id)
			drop(s, dtor);
	}
	spin_unlock_irqrestore(&shadow_lock, flags);
}
EXPORT_SYMBOL_GPL(kpatch_shadow_free_all);

/*
 * At core unload no patch module is left to use them, but a patch may have
 * forgotten to free its variables: do not leak them. (kfree_rcu() needs
 * no code of this module, so pending frees may outlive it.)
 */
void kpatch_shadow_exit(void)
{
	struct kpatch_shadow *s;
	struct hlist_node *tmp;
	int bkt, n = 0;

	hash_for_each_safe(shadow_hash, bkt, tmp, s, node) {
		hash_del(&s->node);
		kfree(s);
		n++;
	}
	if (n)
		pr_notice("kpatch: freed %d shadow variables left by patches\n",
			  n);
}
