// SPDX-License-Identifier: GPL-2.0
/*
 * Test patch for the activeness check: replaces msleep_interruptible with an
 * equivalent that does not call the original. force=1 sets the force flag
 * on it. msleep is replaced too and listed first although it follows
 * msleep_interruptible in vmlinux, so the core's sorted ranges differ from
 * the record order.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include "kpatch.h"

static bool force;
module_param(force, bool, 0444);

static unsigned long new_msleep_interruptible(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout && !signal_pending(current))
		timeout = schedule_timeout_interruptible(timeout);
	return jiffies_to_msecs(timeout);
}

static void new_msleep(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

static struct kpatch_func funcs[] = {
	{
		.name = "msleep",
		.new_addr = (unsigned long)new_msleep,
		.new_size = 128,
	},
	{
		.name = "msleep_interruptible",
		.new_addr = (unsigned long)new_msleep_interruptible,
		.new_size = 128,
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
	funcs[1].force = force;
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
