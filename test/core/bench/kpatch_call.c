// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark patch for kpatch.ko: one function, jiffies_to_msecs, replaced
 * by an equivalent (bench.h). Used for the 1-function window and for the
 * cost of a call through kpatch's redirection.
 */
#include <linux/module.h>
#include "kpatch.h"
#include "bench.h"

static noinline unsigned int new_jiffies_to_msecs(const unsigned long j)
{
	return kpbench_j2ms(j);
}

static struct kpatch_func funcs[] = {
	{
		.name = "jiffies_to_msecs",
		.new_addr = (unsigned long)new_jiffies_to_msecs,
		.new_size = 32,
	},
};

static struct kpatch_object objs[] = {
	{ .name = "vmlinux", .funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs) },
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
};

static int __init patch_init(void)
{
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
