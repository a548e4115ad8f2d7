// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-written test patch for stacking and atomic replace, built several
 * times under different names (test/guest/core-stack.bats writes a
 * one-line kpatch_NAME.c that defines the knobs and includes this file):
 * KP_TAG   its replacement of cmdline_proc_show prints "KP_TAG";
 * KP_VERSION  it also replaces version_proc_show (/proc/version reads
 *          "KP_TAG version");
 * KP_REPLACE  it is an atomic-replace patch.
 */
#include <linux/module.h>
#include <linux/seq_file.h>
#include "kpatch.h"

#ifndef KP_VERSION
#define KP_VERSION 0
#endif
#ifndef KP_REPLACE
#define KP_REPLACE 0
#endif

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
		.new_size = 64,
	},
	{
		.name = "version_proc_show",
		.new_addr = (unsigned long)new_version_proc_show,
		.new_size = 64,
	},
};

static struct kpatch_object objs[] = {
	{ .name = "vmlinux", .funcs = funcs, .nr_funcs = 1 + KP_VERSION },
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
