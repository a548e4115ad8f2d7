// SPDX-License-Identifier: GPL-2.0
/*
 * The glue linked into every patch module next to create-diff-object's
 * output.o. The differ only writes flat records (kpatch-patch.h) into
 * .kpatch.* sections; kpatch.lds brackets each section with start/end
 * symbols. At init this file groups the records by object name into the
 * core's structures (kpatch.h) and registers the patch; at exit it
 * unregisters it and frees what it allocated. Any section may be absent,
 * in which case its start and end symbols are equal.
 */
#include <linux/elf.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "kpatch.h"
#include "kpatch-patch.h"

#ifndef KPATCH_REPLACE
#define KPATCH_REPLACE 0
#endif

#define KP_BOUNDS(type, sec) \
	extern struct type __kpatch_##sec[], __kpatch_##sec##_end[]
KP_BOUNDS(kpatch_patch_func, funcs);
KP_BOUNDS(kpatch_patch_reloc, relocs);
KP_BOUNDS(kpatch_patch_reloc, relocs_early);
KP_BOUNDS(kpatch_patch_object, objects);
KP_BOUNDS(kpatch_patch_hook, hooks_load);
KP_BOUNDS(kpatch_patch_hook, hooks_unload);
KP_BOUNDS(kpatch_patch_callback, callbacks_pre_patch);
KP_BOUNDS(kpatch_patch_callback, callbacks_post_patch);
KP_BOUNDS(kpatch_patch_callback, callbacks_pre_unpatch);
KP_BOUNDS(kpatch_patch_callback, callbacks_post_unpatch);
#define KP_CHAR_BOUNDS(sec) \
	extern const char __kpatch_##sec[], __kpatch_##sec##_end[]
KP_CHAR_BOUNDS(checksum);

/*
 * An empty section kpatch.lds finds in no input becomes a non-allocated
 * one, which modpost rejects: declare every record section here, empty and
 * "aw", so each output section is allocated even when output.o lacks it.
 */
#define KP_DECLARE(sec) ".pushsection " sec ", \"aw\", @progbits\n\t.popsection\n\t"
asm(KP_DECLARE(KPATCH_FUNCS_SECTION) KP_DECLARE(KPATCH_RELOCS_SECTION)
	KP_DECLARE(KPATCH_RELOCS_EARLY_SECTION)
	KP_DECLARE(KPATCH_OBJECTS_SECTION)
	KP_DECLARE(KPATCH_HOOKS_LOAD_SECTION)
	KP_DECLARE(KPATCH_HOOKS_UNLOAD_SECTION)
	KP_DECLARE(KPATCH_CB_PRE_PATCH_SECTION)
	KP_DECLARE(KPATCH_CB_POST_PATCH_SECTION)
	KP_DECLARE(KPATCH_CB_PRE_UNPATCH_SECTION)
	KP_DECLARE(KPATCH_CB_POST_UNPATCH_SECTION));
/* kpatch-build's checksum is data nobody writes: allocated, read-only. */
asm(".pushsection .kpatch.checksum, \"a\", @progbits\n\t.popsection\n\t");

/* Records in a section, or -1 if its size is not a whole number of them. */
#define KP_COUNT(sec) \
	(((char *)__kpatch_##sec##_end - (char *)__kpatch_##sec) % \
	 sizeof(*__kpatch_##sec) ? -1 : \
	 (int)(__kpatch_##sec##_end - __kpatch_##sec))

enum { PRE_PATCH, POST_PATCH, PRE_UNPATCH, POST_UNPATCH, NR_CB_KINDS };

static const char * const cb_names[NR_CB_KINDS] = {
	"pre-patch", "post-patch", "pre-unpatch", "post-unpatch",
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.replace = KPATCH_REPLACE,
};

/* Room for one object per record: the most there can be. */
static int nr_slots;

/*
 * create-diff-object names every object; a NULL one is vmlinux's. Each
 * record adds at most one object, so nr_slots objects always suffice.
 */
static struct kpatch_object *obj_for(const char *name)
{
	int i;

	if (!name)
		name = "vmlinux";
	for (i = 0; i < patch.nr_objs; i++)
		if (!strcmp(patch.objs[i].name, name))
			return &patch.objs[i];
	patch.objs[patch.nr_objs].name = name;
	return &patch.objs[patch.nr_objs++];
}

static int set_callback(int kind, struct kpatch_patch_callback *cb)
{
	struct kpatch_object *o = obj_for(cb->objname);
	struct kpatch_callbacks *c = &o->callbacks;
	bool dup = false;

	switch (kind) {
	case PRE_PATCH:
		dup = c->pre_patch;
		c->pre_patch = cb->pre_patch;
		break;
	case POST_PATCH:
		dup = c->post_patch;
		c->post_patch = cb->post_patch;
		break;
	case PRE_UNPATCH:
		dup = c->pre_unpatch;
		c->pre_unpatch = cb->pre_unpatch;
		break;
	case POST_UNPATCH:
		dup = c->post_unpatch;
		c->post_unpatch = cb->post_unpatch;
		break;
	}
	if (dup) {
		pr_err("kpatch: %s: more than one %s callback for %s\n",
		       THIS_MODULE->name, cb_names[kind], o->name);
		return -EINVAL;
	}
	return 0;
}

/* Pass one: create the objects, count their records, set callbacks. */
static int count_records(void)
{
	struct kpatch_patch_callback *cb_start[NR_CB_KINDS] = {
		__kpatch_callbacks_pre_patch, __kpatch_callbacks_post_patch,
		__kpatch_callbacks_pre_unpatch, __kpatch_callbacks_post_unpatch,
	};
	struct kpatch_patch_callback *cb_end[NR_CB_KINDS] = {
		__kpatch_callbacks_pre_patch_end,
		__kpatch_callbacks_post_patch_end,
		__kpatch_callbacks_pre_unpatch_end,
		__kpatch_callbacks_post_unpatch_end,
	};
	struct kpatch_patch_callback *cb;
	struct kpatch_patch_func *f;
	struct kpatch_patch_reloc *r;
	struct kpatch_patch_object *ob;
	struct kpatch_patch_hook *h;
	int k, ret;

	for (f = __kpatch_funcs; f < __kpatch_funcs_end; f++)
		obj_for(f->objname)->nr_funcs++;
	for (r = __kpatch_relocs; r < __kpatch_relocs_end; r++)
		obj_for(r->objname)->nr_relocs++;
	for (ob = __kpatch_objects; ob < __kpatch_objects_end; ob++)
		obj_for(ob->objname);
	for (h = __kpatch_hooks_load; h < __kpatch_hooks_load_end; h++)
		obj_for(h->objname)->nr_load_hooks++;
	for (h = __kpatch_hooks_unload; h < __kpatch_hooks_unload_end; h++)
		obj_for(h->objname)->nr_unload_hooks++;
	for (k = 0; k < NR_CB_KINDS; k++) {
		for (cb = cb_start[k]; cb < cb_end[k]; cb++) {
			ret = set_callback(k, cb);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int alloc_arrays(struct kpatch_object *o)
{
	o->funcs = kcalloc(o->nr_funcs, sizeof(*o->funcs), GFP_KERNEL);
	o->relocs = kcalloc(o->nr_relocs, sizeof(*o->relocs), GFP_KERNEL);
	o->load_hooks = kcalloc(o->nr_load_hooks, sizeof(*o->load_hooks),
				GFP_KERNEL);
	o->unload_hooks = kcalloc(o->nr_unload_hooks,
				  sizeof(*o->unload_hooks), GFP_KERNEL);
	/* kcalloc(0, ...) gives ZERO_SIZE_PTR, which is not NULL. */
	if (!o->funcs || !o->relocs || !o->load_hooks || !o->unload_hooks)
		return -ENOMEM;
	o->nr_funcs = 0;
	o->nr_relocs = 0;
	o->nr_load_hooks = 0;
	o->nr_unload_hooks = 0;
	return 0;
}

/* Pass two: copy the records into the arrays sized by pass one. */
static void fill_records(void)
{
	struct kpatch_patch_func *f;
	struct kpatch_patch_reloc *r;
	struct kpatch_patch_hook *h;
	struct kpatch_object *o;

	for (f = __kpatch_funcs; f < __kpatch_funcs_end; f++) {
		struct kpatch_func *kf;

		o = obj_for(f->objname);
		kf = &o->funcs[o->nr_funcs++];
		kf->new_addr = f->new_addr;
		kf->new_size = f->new_size;
		kf->old_addr = f->old_addr;
		kf->old_size = f->old_size;
		kf->sympos = f->sympos;
		/* The same encoding, KPATCH_FUNC_NO_COLD included. */
		BUILD_BUG_ON(KPATCH_FUNC_NO_COLD != KPATCH_COLD_NONE);
		kf->cold_sympos = f->cold_sympos;
		kf->name = f->name;
		kf->force = f->flags & KPATCH_FUNC_FORCE;
	}
	for (r = __kpatch_relocs; r < __kpatch_relocs_end; r++) {
		struct kpatch_reloc *kr;

		o = obj_for(r->objname);
		kr = &o->relocs[o->nr_relocs++];
		kr->dest = r->dest;
		kr->type = r->type;
		kr->sympos = r->sympos;
		kr->addend = r->addend;
		kr->name = r->name;
		kr->objname = o->name;
	}
	for (h = __kpatch_hooks_load; h < __kpatch_hooks_load_end; h++) {
		o = obj_for(h->objname);
		o->load_hooks[o->nr_load_hooks++] = h->fn;
	}
	for (h = __kpatch_hooks_unload; h < __kpatch_hooks_unload_end; h++) {
		o = obj_for(h->objname);
		o->unload_hooks[o->nr_unload_hooks++] = h->fn;
	}
}

static void free_objects(void)
{
	int i;

	for (i = 0; i < patch.nr_objs; i++) {
		kfree(patch.objs[i].funcs);
		kfree(patch.objs[i].relocs);
		kfree(patch.objs[i].load_hooks);
		kfree(patch.objs[i].unload_hooks);
	}
	kfree(patch.objs);
}

static int sections_ok(void)
{
	int counts[] = {
		KP_COUNT(funcs), KP_COUNT(relocs), KP_COUNT(objects),
		KP_COUNT(hooks_load), KP_COUNT(hooks_unload),
		KP_COUNT(callbacks_pre_patch), KP_COUNT(callbacks_post_patch),
		KP_COUNT(callbacks_pre_unpatch),
		KP_COUNT(callbacks_post_unpatch),
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		if (counts[i] < 0) {
			pr_err("kpatch: %s: .kpatch section %d is not a whole number of records\n",
			       THIS_MODULE->name, i);
			return -EINVAL;
		}
		nr_slots += counts[i];
	}
	for (i = 0; i < max(counts[0], counts[1]); i++) {
		if ((i < counts[0] && !__kpatch_funcs[i].name) ||
		    (i < counts[1] && !__kpatch_relocs[i].name)) {
			pr_err("kpatch: %s: function or reloc record %d has no name\n",
			       THIS_MODULE->name, i);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * kpatch-build's checksum of this build, if it recorded one; the core shows
 * it in sysfs so that `kpatch load` can tell two builds of one name apart.
 */
static const char *build_checksum(void)
{
	size_t n = __kpatch_checksum_end - __kpatch_checksum;

	if (!n)
		return NULL;
	if (__kpatch_checksum[n - 1] != '\0' || strlen(__kpatch_checksum) + 1 != n) {
		pr_warn("kpatch: %s: malformed .kpatch.checksum ignored\n",
			THIS_MODULE->name);
		return NULL;
	}
	return __kpatch_checksum;
}

/*
 * kpatch.ko wrote the early relocations when this module was COMING (see
 * kmod/core/early.c); they are not the core's to write again. A place
 * still zero means no core of this version saw the module come: the
 * kernel has already set up jump labels from a zero key, so refuse.
 */
static int early_relocs_written(void)
{
	struct kpatch_patch_reloc *r;
	u64 v;

	BUILD_BUG_ON(sizeof(*r) != 7 * sizeof(unsigned long));
	if (KP_COUNT(relocs_early) < 0)
		return -EINVAL;
	for (r = __kpatch_relocs_early; r < __kpatch_relocs_early_end; r++) {
		v = 0;
		memcpy(&v, (void *)r->dest, r->type == R_X86_64_64 ||
		       r->type == R_X86_64_PC64 ? 8 : 4);
		if (!v) {
			pr_err("kpatch: %s: early relocation to %s was not written (kpatch.ko too old?)\n",
			       THIS_MODULE->name, r->name ? r->name : "?");
			return -EINVAL;
		}
	}
	return 0;
}

static int __init patch_init(void)
{
	int i, ret;

	ret = early_relocs_written();
	if (!ret)
		ret = sections_ok();
	if (ret)
		return ret;
	if (!nr_slots) {
		pr_err("kpatch: %s: no records in the .kpatch sections\n",
		       THIS_MODULE->name);
		return -EINVAL;
	}
	patch.objs = kcalloc(nr_slots, sizeof(*patch.objs), GFP_KERNEL);
	if (!patch.objs)
		return -ENOMEM;
	ret = count_records();
	for (i = 0; i < patch.nr_objs && !ret; i++)
		ret = alloc_arrays(&patch.objs[i]);
	if (!ret) {
		fill_records();
		patch.checksum = build_checksum();
		ret = kpatch_register(&patch);
	}
	if (ret)
		free_objects();
	return ret;
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
	free_objects();
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
/*
 * No MODULE_INFO(livepatch): the loader would taint at insmod, even when the
 * core then refuses the patch; kpatch.ko taints only once a patch applies.
 */
MODULE_DESCRIPTION("kpatch patch module");
