/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One stress-test patch, included by kpatch_stress_{a,b,r}.c with
 * KP_TAG (what the patched files print), KP_REPLACE (atomic replace) and
 * KP_VERSION (also replace version_proc_show) defined. Every replacement
 * is a whole equivalent function, so any of them may run at any time.
 */
#include <linux/module.h>
#include <linux/seq_file.h>
#include "kpatch.h"

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, KP_TAG "\n");
	return 0;
}

static int new_version_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, KP_TAG " version\n");
	return 0;
}

static struct kpatch_func funcs[] = {
	{
		.name = "cmdline_proc_show",
		.new_addr = (unsigned long)new_cmdline_proc_show,
		.new_size = 1,
	},
	{
		.name = "version_proc_show",
		.new_addr = (unsigned long)new_version_proc_show,
		.new_size = 1,
	},
};

static struct kpatch_object objs[] = {
	{ .name = "vmlinux", .funcs = funcs,
	  .nr_funcs = KP_VERSION ? 2 : 1 },
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
	.replace = KP_REPLACE,
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
