// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: a kernel thread that sleeps interruptibly inside
 * msleep_interruptible for `secs` seconds, then leaves it and waits for
 * kthread_stop elsewhere, so a patch to msleep_interruptible must first be
 * refused and then succeed.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>

static unsigned int secs = 4;
module_param(secs, uint, 0444);
static struct task_struct *thread;

static int sleeper_fn(void *unused)
{
	msleep_interruptible(secs * 1000);
	pr_info("kpatch-sleeper: left msleep_interruptible\n");
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int __init sleeper_init(void)
{
	thread = kthread_run(sleeper_fn, NULL, "kpatch-sleeper");
	return PTR_ERR_OR_ZERO(thread);
}

static void __exit sleeper_exit(void)
{
	kthread_stop(thread);
}

module_init(sleeper_init);
module_exit(sleeper_exit);
MODULE_LICENSE("GPL");
