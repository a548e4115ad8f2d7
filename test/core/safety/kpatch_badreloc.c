// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch with a module object (kpatch_victim) whose relocation records
 * are: a good one, one whose destination lies outside this patch module
 * (the victim's own variable), and another good one. The core must refuse
 * the patch naming the bad destination, clear only the first place (the
 * one it checked and wrote) and never touch the victim's variable.
 */
#include <linux/elf.h>
#include <linux/module.h>
#include "kpatch.h"

extern unsigned long kpatch_victim_value;

static unsigned long slot0, slot2;

static struct kpatch_reloc relocs[] = {
	{ .type = R_X86_64_64, .name = "kpatch_victim_value",
	  .objname = "kpatch_victim" },
	{ .type = R_X86_64_64, .name = "kpatch_victim_value",
	  .objname = "kpatch_victim" },
	{ .type = R_X86_64_64, .name = "kpatch_victim_value",
	  .objname = "kpatch_victim" },
};

static struct kpatch_object objs[] = {
	{ .name = "kpatch_victim", .relocs = relocs,
	  .nr_relocs = ARRAY_SIZE(relocs) },
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
};

static int __init patch_init(void)
{
	relocs[0].dest = (unsigned long)&slot0;
	relocs[1].dest = (unsigned long)&kpatch_victim_value;
	relocs[2].dest = (unsigned long)&slot2;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
