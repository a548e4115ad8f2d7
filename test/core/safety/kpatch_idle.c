// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch for the stack check of idle tasks: replaces schedule_idle,
 * which every CPU's idle task (not on the task list) is inside whenever it
 * is not running. The core must refuse it, naming a swapper task. The
 * replacement is equivalent: it calls the original just past its fentry
 * call (the address comes from a relocation the core resolves), so the
 * redirection is not re-entered.
 */
#include <linux/elf.h>
#include <linux/module.h>
#include <asm/ibt.h>
#include "kpatch.h"

/* The original body: after its ENDBR (IBT kernels) and fentry call. */
#define KP_FENTRY_SIZE (ENDBR_INSN_SIZE + 5)

static unsigned long orig_body;

static void new_schedule_idle(void)
{
	((void (*)(void))orig_body)();
}

static struct kpatch_func funcs[] = {
	{
		.name = "schedule_idle",
		.new_addr = (unsigned long)new_schedule_idle,
		.new_size = 16,
	},
};

static struct kpatch_reloc relocs[] = {
	{ .type = R_X86_64_64, .name = "schedule_idle",
	  .addend = KP_FENTRY_SIZE, .objname = "vmlinux" },
};

static struct kpatch_object objs[] = {
	{ .name = "vmlinux", .funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs),
	  .relocs = relocs, .nr_relocs = ARRAY_SIZE(relocs) },
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
};

static int __init patch_init(void)
{
	relocs[0].dest = (unsigned long)&orig_body;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
