/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A patch of one function KP_FN of kpedge.ko returning KP_VER, whose
 * offset in the module's .text is the parameter KP_OFF. Included by
 * kpatch_edge_f1.c and kpatch_edge_f2.c (two patches stacked on edge_f,
 * one ftrace ops) and kpatch_edge_l.c. The exit logs when the removal
 * starts and when kpatch_unregister() (with the core's waits) has
 * returned.
 */
#include <linux/module.h>
#include <linux/stringify.h>
#include <linux/timekeeping.h>
#include "kpatch.h"

static unsigned long KP_OFF;
module_param(KP_OFF, ulong, 0444);

/* The replacement ignores the arguments the original may take. */
static int new_fn(void)
{
	return KP_VER;
}

static struct kpatch_func funcs[] = {
	{ .name = __stringify(KP_FN), .new_addr = (unsigned long)new_fn,
	  .new_size = 1 },
};

static struct kpatch_object objs[] = {
	{ .name = "kpedge", .funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs) },
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
};

static int __init patch_init(void)
{
	funcs[0].old_addr = KP_OFF;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	pr_info("%s: removal started at %llu\n", KBUILD_MODNAME,
		ktime_get_ns());
	kpatch_unregister(&patch);
	pr_info("%s: removal done at %llu\n", KBUILD_MODNAME, ktime_get_ns());
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
