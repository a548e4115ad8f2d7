// SPDX-License-Identifier: GPL-2.0
/*
 * A small out-of-tree module for kpatch-build's --oot-module test:
 * /proc/kpatch_oot reads "original".
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static int oot_show(struct seq_file *m, void *v)
{
	seq_puts(m, "original\n");
	return 0;
}

static int __init oot_init(void)
{
	if (!proc_create_single("kpatch_oot", 0444, NULL, oot_show))
		return -ENOMEM;
	return 0;
}

static void __exit oot_exit(void)
{
	remove_proc_entry("kpatch_oot", NULL);
}

module_init(oot_init);
module_exit(oot_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("out-of-tree module patched by kpatch-build's tests");
