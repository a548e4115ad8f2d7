// SPDX-License-Identifier: GPL-2.0
/*
 * The same replacement of jiffies_to_msecs as kpatch_call.c, applied by the
 * kernel's own livepatch (klp_enable_patch), for the per-call comparison.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include "bench.h"

static noinline unsigned int klp_jiffies_to_msecs(const unsigned long j)
{
	return kpbench_j2ms(j);
}

static struct klp_func funcs[] = {
	{
		.old_name = "jiffies_to_msecs",
		.new_func = klp_jiffies_to_msecs,
	},
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = funcs },	/* NULL name: vmlinux */
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init klp_call_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_call_exit(void)
{
}

module_init(klp_call_init);
module_exit(klp_call_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
