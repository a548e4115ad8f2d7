// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-written test patch for kpatch.ko: replaces the static
 * cmdline_proc_show so /proc/cmdline reads "kpatched". old_addr/old_size
 * pass the real build values, which the core must accept; bad_addr=1
 * records a wrong build address and bad_size=1 a size 256 bytes too large
 * (beyond any alignment padding), both of which the core must refuse.
 * fail_pre_patch_ms=N makes the pre-patch callback sleep N ms and fail, so
 * the registration fails after the patch's sysfs files exist.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include "kpatch.h"

static bool bad_addr;
module_param(bad_addr, bool, 0444);
static bool bad_size;
module_param(bad_size, bool, 0444);
/* The build's address and size, as create-diff-object would record them. */
static unsigned long old_addr;
module_param(old_addr, ulong, 0444);
static unsigned long old_size;
module_param(old_size, ulong, 0444);
static unsigned int fail_pre_patch_ms;
module_param(fail_pre_patch_ms, uint, 0444);

static int pre_patch(struct kpatch_object *obj)
{
	if (!fail_pre_patch_ms)
		return 0;
	pr_info("kpatch_cmdline: pre-patch sleeps %u ms, then fails\n",
		fail_pre_patch_ms);
	msleep(fail_pre_patch_ms);
	return -EINVAL;
}

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "kpatched\n");
	return 0;
}

static struct kpatch_func funcs[] = {
	{
		.name = "cmdline_proc_show",
		.new_addr = (unsigned long)new_cmdline_proc_show,
		.new_size = 64,
	},
};

static struct kpatch_object objs[] = {
	{
		.name = "vmlinux", .funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs),
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
	funcs[0].old_addr = old_addr;
	funcs[0].old_size = old_size;
	if (bad_addr)
		funcs[0].old_addr = 0xffffffff81000010UL;
	if (bad_size)
		funcs[0].old_size += 0x100;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
