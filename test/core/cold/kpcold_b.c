// SPDX-License-Identifier: GPL-2.0
/*
 * Second half of kpcold.ko: another static kp_dup (position 2), whose
 * unlikely branch GCC moves to kp_dup.cold (printk is __cold), the only
 * kp_dup.cold of the module (position 1). With park set, the module's
 * kthread enters that branch and sleeps in kp_dup.cold until park is
 * cleared: kp_dup itself is not on its stack, only the cold part is.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>

static bool park;
module_param(park, bool, 0644);
static struct task_struct *thread;

int kpcold_a(int x);

/*
 * Spelled out, not the kernel's __cold: with function alignment (6.12's
 * call padding) __cold is empty, printk is no longer cold, and GCC would
 * make no cold part.
 */
static noinline __attribute__((__cold__)) void kp_note(const char *what)
{
	pr_info("kpcold: %s kp_dup.cold\n", what);
}

static noinline __noclone int kp_dup(int x)
{
	if (unlikely(x < 0)) {
		kp_note("parked in");
		while (READ_ONCE(park) && !kthread_should_stop())
			msleep(20);
		kp_note("left");
		return -1;
	}
	return x * 2;
}

static int park_fn(void *unused)
{
	while (!kthread_should_stop()) {
		if (READ_ONCE(park))
			kp_dup(-1);
		else
			msleep(20);
	}
	return 0;
}

static int __init kpcold_init(void)
{
	pr_info("kpcold: %d %d\n", kpcold_a(1), kp_dup(1));
	thread = kthread_run(park_fn, NULL, "kpcold-park");
	return PTR_ERR_OR_ZERO(thread);
}

static void __exit kpcold_exit(void)
{
	kthread_stop(thread);
}

module_init(kpcold_init);
module_exit(kpcold_exit);
MODULE_LICENSE("GPL");
