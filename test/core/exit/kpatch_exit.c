// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch for exiting tasks that have left the task list: replaces
 * exit_task_stack_account, which do_exit() calls after exit_notify(), so
 * after a self-reaping task (a kthread: kthreadd ignores SIGCHLD) has been
 * released, and while it may still sleep. Writing 1 to "spawn" starts a
 * kthread "kp-exit-sleep" that returns at once; in the replacement it
 * sleeps while "hold" is 1 ("parked" says so), then goes on into the
 * original, called just past its fentry call (a relocation the core
 * resolves), so the redirection is not re-entered. Other tasks go
 * straight on.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/elf.h>
#include <linux/err.h>
#include <asm/ibt.h>
#include "kpatch.h"

/* The original body: after its ENDBR (IBT kernels) and fentry call. */
#define KP_FENTRY_SIZE (ENDBR_INSN_SIZE + 5)
#define KP_SLEEPER "kp-exit-sleep"

static bool hold = true;
module_param(hold, bool, 0644);
static int parked;
module_param(parked, int, 0444);
static int sleeper_pid;
module_param(sleeper_pid, int, 0444);

static unsigned long orig_body;

static void new_exit_task_stack_account(struct task_struct *tsk)
{
	if (tsk == current && !strcmp(current->comm, KP_SLEEPER)) {
		WRITE_ONCE(parked, 1);
		while (READ_ONCE(hold))
			msleep(20);
		WRITE_ONCE(parked, 0);
		pr_info("kpatch_exit: %d left exit_task_stack_account\n",
			current->pid);
	}
	((void (*)(struct task_struct *))orig_body)(tsk);
}

/* Exits at once: kthread_exit(), do_exit(), the replacement. */
static int sleeper(void *unused)
{
	WRITE_ONCE(sleeper_pid, current->pid);
	return 0;
}

static int spawn_set(const char *val, const struct kernel_param *kp)
{
	return PTR_ERR_OR_ZERO(kthread_run(sleeper, NULL, KP_SLEEPER));
}

static const struct kernel_param_ops spawn_ops = { .set = spawn_set };
module_param_cb(spawn, &spawn_ops, NULL, 0200);

static struct kpatch_func funcs[] = {
	{
		.name = "exit_task_stack_account",
		.new_addr = (unsigned long)new_exit_task_stack_account,
	},
};

static struct kpatch_reloc relocs[] = {
	{ .type = R_X86_64_64, .name = "exit_task_stack_account",
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
