// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch for a static function that reads static variables:
 * filesystems_proc_show (fs/filesystems.c, not exported) walks the static
 * list file_systems under the static file_systems_lock. The replacement
 * does the same, through addresses the core resolves (R_X86_64_64
 * relocations into two pointers of this module, left zero for it), and
 * prints a first line "kpatched", so /proc/filesystems is the original
 * text under that line only if the static variables were found.
 */
#include <linux/elf.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include "kpatch.h"

static unsigned long old_addr;
module_param(old_addr, ulong, 0444);
static unsigned long old_size;
module_param(old_size, ulong, 0444);

/* &file_systems and &file_systems_lock, written by the core. */
static struct file_system_type **kp_file_systems;
static rwlock_t *kp_file_systems_lock;

static int new_filesystems_proc_show(struct seq_file *m, void *v)
{
	struct file_system_type *fs;

	seq_puts(m, "kpatched\n");
	read_lock(kp_file_systems_lock);
	for (fs = *kp_file_systems; fs; fs = fs->next)
		seq_printf(m, "%s\t%s\n",
			   fs->fs_flags & FS_REQUIRES_DEV ? "" : "nodev",
			   fs->name);
	read_unlock(kp_file_systems_lock);
	return 0;
}

static struct kpatch_func funcs[] = {
	{
		.name = "filesystems_proc_show",
		.new_addr = (unsigned long)new_filesystems_proc_show,
		.new_size = 256,
	},
};

static struct kpatch_reloc relocs[] = {
	{
		.dest = (unsigned long)&kp_file_systems,
		.type = R_X86_64_64,
		.name = "file_systems",
		.objname = "vmlinux",
	},
	{
		.dest = (unsigned long)&kp_file_systems_lock,
		.type = R_X86_64_64,
		.name = "file_systems_lock",
		.objname = "vmlinux",
	},
};

static struct kpatch_object objs[] = {
	{
		.name = "vmlinux",
		.funcs = funcs,
		.nr_funcs = ARRAY_SIZE(funcs),
		.relocs = relocs,
		.nr_relocs = ARRAY_SIZE(relocs),
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
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
