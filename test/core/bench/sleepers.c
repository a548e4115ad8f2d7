// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark helper: count kernel threads that sleep interruptibly until the
 * module is removed, so every stack walk inside stop_machine() has that
 * many more tasks to unwind.
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

static unsigned int count = 1000;
module_param(count, uint, 0444);
static struct task_struct **threads;
static unsigned int started;

static int sleeper_fn(void *unused)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static void stop_all(void)
{
	while (started)
		kthread_stop(threads[--started]);
	kfree(threads);
}

static int __init sleepers_init(void)
{
	struct task_struct *t;

	threads = kcalloc(count, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	while (started < count) {
		t = kthread_run(sleeper_fn, NULL, "kpbench-sleep/%u", started);
		if (IS_ERR(t)) {
			stop_all();
			return PTR_ERR(t);
		}
		threads[started++] = t;
	}
	return 0;
}

static void __exit sleepers_exit(void)
{
	stop_all();
}

module_init(sleepers_init);
module_exit(sleepers_exit);
MODULE_LICENSE("GPL");
