// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch for a function whose name occurs twice in vmlinux: m_show is
 * both the /proc/modules show function (kernel/module/procfs.c) and the
 * mount-table one (fs/namespace.c). This replaces the one at position
 * sympos among the m_show symbols in address order (the bats file passes
 * that of fs/namespace.c), so every line of /proc/mounts reads "kpatched"
 * while /proc/modules stays as it was. sympos=0 must be refused as
 * ambiguous; old_addr/old_size are the build's values for the check.
 */
#include <linux/module.h>
#include <linux/seq_file.h>
#include "kpatch.h"

static unsigned long sympos;
module_param(sympos, ulong, 0444);
static unsigned long old_addr;
module_param(old_addr, ulong, 0444);
static unsigned long old_size;
module_param(old_size, ulong, 0444);

static int new_m_show(struct seq_file *m, void *v)
{
	seq_puts(m, "kpatched\n");
	return 0;
}

static struct kpatch_func funcs[] = {
	{
		.name = "m_show",
		.new_addr = (unsigned long)new_m_show,
		.new_size = 64,
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
	funcs[0].sympos = sympos;
	funcs[0].old_addr = old_addr;
	funcs[0].old_size = old_size;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
