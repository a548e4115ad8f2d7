// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch of the NMI consistency test: edge_a() and edge_b() of
 * kpedge.ko both return 2, so an NMI that sees this patch half switched
 * gets 1 from one and 2 from the other. a_off and b_off are the
 * functions' offsets in the module's .text (readelf), as the core checks.
 */
#include <linux/module.h>
#include "kpatch.h"

static unsigned long a_off, b_off;
module_param(a_off, ulong, 0444);
module_param(b_off, ulong, 0444);

static int new_edge_a(void)
{
	return 2;
}

static int new_edge_b(void)
{
	return 2;
}

static struct kpatch_func funcs[] = {
	{ .name = "edge_a", .new_addr = (unsigned long)new_edge_a,
	  .new_size = 1 },
	{ .name = "edge_b", .new_addr = (unsigned long)new_edge_b,
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
	funcs[0].old_addr = a_off;
	funcs[1].old_addr = b_off;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
