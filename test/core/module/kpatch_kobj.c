// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-written test patch for a module object: replaces foo_show of the
 * in-tree samples/kobject/kobject-example.ko, so
 * /sys/kernel/kobject_example/foo reads "kpatched FOO", FOO being the
 * module's static `foo`, reached through a relocation the core resolves
 * in the module each time it loads. old_off is foo_show's offset in the
 * module's .text, as the build records it; the core must check it.
 * Callbacks and hooks log their names; with fail_pre set (writable at run
 * time) the pre-patch callback refuses, which must fail the module's load.
 * KP_TAG replaces "kpatched" in the output, for a second patch built from
 * this file to stack on the first. force=1 marks foo_show forced (skip the
 * activeness check); with nap_ms set (writable) the replacement sleeps
 * that long first, so a reader can be parked inside the patch module.
 */
#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include "kpatch.h"

#ifndef KP_TAG
#define KP_TAG "kpatched"
#endif

static unsigned long old_off;
module_param(old_off, ulong, 0444);
static bool fail_pre;
module_param(fail_pre, bool, 0644);
static bool force;
module_param(force, bool, 0444);
static unsigned int nap_ms;
module_param(nap_ms, uint, 0644);

/* Written by the core: the address of kobject_example's `foo`. */
static int *foo_ptr;

static ssize_t new_foo_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	if (READ_ONCE(nap_ms))
		msleep(READ_ONCE(nap_ms));
	return sysfs_emit(buf, KP_TAG " %d\n", *foo_ptr);
}

static int pre_patch(struct kpatch_object *obj)
{
	pr_info("kpatch_kobj: %s %s%s\n", __func__, obj->name,
		fail_pre ? " (refusing)" : "");
	return fail_pre ? -EPERM : 0;
}

static void post_patch(struct kpatch_object *obj)
{
	pr_info("kpatch_kobj: %s %s\n", __func__, obj->name);
}

static void pre_unpatch(struct kpatch_object *obj)
{
	pr_info("kpatch_kobj: %s %s\n", __func__, obj->name);
}

static void post_unpatch(struct kpatch_object *obj)
{
	pr_info("kpatch_kobj: %s %s\n", __func__, obj->name);
}

/* Hooks run inside stop_machine() or the notifier: no sleeping. */
static void load_hook(void)
{
	pr_info("kpatch_kobj: load hook\n");
}

static void unload_hook(void)
{
	pr_info("kpatch_kobj: unload hook\n");
}

static kpatch_hook_fn load_hooks[] = { load_hook };
static kpatch_hook_fn unload_hooks[] = { unload_hook };

static struct kpatch_func funcs[] = {
	{
		.name = "foo_show",
		.new_addr = (unsigned long)new_foo_show,
		.new_size = 64,
	},
};

static struct kpatch_reloc relocs[] = {
	{
		.dest = (unsigned long)&foo_ptr,
		.type = R_X86_64_64,
		.name = "foo",
		.objname = "kobject_example",
	},
};

static struct kpatch_object objs[] = {
	{
		.name = "kobject_example",
		.funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs),
		.relocs = relocs, .nr_relocs = ARRAY_SIZE(relocs),
		.load_hooks = load_hooks, .nr_load_hooks = 1,
		.unload_hooks = unload_hooks, .nr_unload_hooks = 1,
		.callbacks = {
			.pre_patch = pre_patch, .post_patch = post_patch,
			.pre_unpatch = pre_unpatch,
			.post_unpatch = post_unpatch,
		},
	},
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
};

static int __init patch_init(void)
{
	funcs[0].old_addr = old_off;
	funcs[0].force = force;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
