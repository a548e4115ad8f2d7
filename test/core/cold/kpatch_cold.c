// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-written test patch to kpcold.ko's kp_dup at position sympos, with
 * the build's offset in .text (old_off) and, as kpatch-build records it,
 * the position of its cold part among the module's kp_dup.cold symbols
 * (cold_sympos: 0 not recorded, ~0 none).
 */
#include <linux/module.h>
#include "kpatch.h"

static unsigned long sympos, old_off, cold_sympos;
module_param(sympos, ulong, 0444);
module_param(old_off, ulong, 0444);
module_param(cold_sympos, ulong, 0444);

static noinline int new_kp_dup(int x)
{
	return x * 3;
}

static struct kpatch_func funcs[] = {
	{
		.name = "kp_dup",
		.new_addr = (unsigned long)new_kp_dup,
	},
};

static struct kpatch_object objs[] = {
	{ .name = "kpcold", .funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs) },
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
};

static int __init patch_init(void)
{
	funcs[0].sympos = sympos;
	funcs[0].old_addr = old_off;
	funcs[0].cold_sympos = cold_sympos;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
