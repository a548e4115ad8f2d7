// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch for a registration that fails while its target module goes:
 * replaces foo_show of samples/kobject/kobject-example.ko (old_off: its
 * offset in the module's .text), and its pre-patch callback sleeps
 * pre_ms, then refuses. A `rmmod kobject_example` started meanwhile waits
 * for kpatch_mutex in kpatch.ko's GOING notifier and gets it as the
 * failed registration lets go of it: the patch's object must be gone by
 * then, or its ftrace filter stays on the freed module text.
 */
#include <linux/delay.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include "kpatch.h"

static unsigned long old_off;
module_param(old_off, ulong, 0444);
static unsigned int pre_ms;
module_param(pre_ms, uint, 0444);

static ssize_t new_foo_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "gone\n");
}

static int pre_patch(struct kpatch_object *obj)
{
	pr_info("kpatch_gone: pre-patch sleeps %u ms, then fails\n", pre_ms);
	msleep(pre_ms);
	return -EINVAL;
}

static struct kpatch_func funcs[] = {
	{ .name = "foo_show", .new_addr = (unsigned long)new_foo_show },
};

static struct kpatch_object objs[] = {
	{
		.name = "kobject_example",
		.funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs),
		.callbacks = { .pre_patch = pre_patch },
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
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
