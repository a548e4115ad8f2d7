/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A patch of edge_f() of kpedge.ko returning KP_VER, included by
 * kpatch_edge_f1.c and kpatch_edge_f2.c: two patches stacked on one
 * function, one ftrace ops. The exit logs when the removal starts and
 * when kpatch_unregister() (with the core's waits) has returned.
 * f_off is edge_f's offset in the module's .text.
 */
#include <linux/module.h>
#include <linux/timekeeping.h>
#include "kpatch.h"

static unsigned long f_off;
module_param(f_off, ulong, 0444);

static int new_edge_f(void)
{
	return KP_VER;
}

static struct kpatch_func funcs[] = {
	{ .name = "edge_f", .new_addr = (unsigned long)new_edge_f,
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
	funcs[0].old_addr = f_off;
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
