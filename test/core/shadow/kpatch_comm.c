// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-written test patch for kpatch.ko's shadow variables: replaces the
 * static comm_show (fs/proc/base.c) so /proc/PID/comm reads
 * "COMM calls=N", N counting the reads of that task's file, kept in a
 * shadow variable attached to the task_struct.
 * The counter is taken with GFP_ATOMIC with preemption off, as patched
 * code in atomic context would, and incremented atomically because both
 * vCPUs read at once. Reverting frees every counter (free_all) and logs
 * how many the destructor saw. The module's init also checks the API's
 * corner cases on a private object and logs "shadow selftest ok".
 */
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include "internal.h"	/* fs/proc's: PROC_I(), for the inode's pid */
#include "kpatch.h"

#define COUNT_ID 0x6b70636f756e74UL

static atomic_t freed;

static void count_dtor(void *obj, void *data)
{
	atomic_inc(&freed);
}

static int new_comm_show(struct seq_file *m, void *v)
{
	struct inode *inode = m->private;
	char comm[TASK_COMM_LEN];
	struct task_struct *p;
	atomic_t *calls;
	int n = -1;

	p = get_pid_task(PROC_I(inode)->pid, PIDTYPE_PID);
	if (!p)
		return -ESRCH;
	preempt_disable();
	calls = kpatch_shadow_get_or_alloc(p, COUNT_ID, sizeof(*calls),
					   GFP_ATOMIC, NULL, NULL);
	if (calls)
		n = atomic_inc_return(calls);
	preempt_enable();
	get_task_comm(comm, p);
	seq_printf(m, "%s calls=%d\n", comm, n);
	put_task_struct(p);
	return 0;
}

static void post_unpatch(struct kpatch_object *obj)
{
	kpatch_shadow_free_all(COUNT_ID, count_dtor);
	pr_info("kpatch_comm: counters freed: %d\n", atomic_read(&freed));
}

static struct kpatch_func funcs[] = {
	{ .name = "comm_show", .new_addr = (unsigned long)new_comm_show },
};

static struct kpatch_object objs[] = {
	{
		.name = "vmlinux", .funcs = funcs, .nr_funcs = ARRAY_SIZE(funcs),
		.callbacks = { .post_unpatch = post_unpatch },
	},
};

static struct kpatch_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.nr_objs = ARRAY_SIZE(objs),
};

static int set_ctor(void *obj, void *data, void *ctor_data)
{
	*(long *)data = *(long *)ctor_data;
	return 0;
}

static int fail_ctor(void *obj, void *data, void *ctor_data)
{
	return -ENOMEM;
}

/* The corner cases a shell cannot reach, on an object of our own. */
static int selftest(void)
{
	static int obj;
	long init = 42, *a, *b;

	a = kpatch_shadow_alloc(&obj, 1, sizeof(*a), GFP_KERNEL, set_ctor,
				&init);
	if (!a || *a != 42)
		return -EINVAL;
	if (kpatch_shadow_alloc(&obj, 1, sizeof(*a), GFP_KERNEL, NULL, NULL))
		return -EINVAL;		/* a second alloc must fail */
	if (kpatch_shadow_get(&obj, 1) != a ||
	    kpatch_shadow_get_or_alloc(&obj, 1, 8, GFP_KERNEL, NULL, NULL) != a)
		return -EINVAL;
	if (kpatch_shadow_get(&obj, 2) ||
	    kpatch_shadow_alloc(&obj, 2, 8, GFP_KERNEL, fail_ctor, NULL) ||
	    kpatch_shadow_get(&obj, 2))
		return -EINVAL;		/* other id; failed constructor */
	b = kpatch_shadow_alloc(&obj, 2, sizeof(*b), GFP_ATOMIC, NULL, NULL);
	if (!b || *b)
		return -EINVAL;		/* zeroed without a constructor */
	kpatch_shadow_free(&obj, 1, NULL);
	if (kpatch_shadow_get(&obj, 1) || kpatch_shadow_get(&obj, 2) != b)
		return -EINVAL;
	kpatch_shadow_free_all(2, NULL);
	if (kpatch_shadow_get(&obj, 2))
		return -EINVAL;
	pr_info("kpatch_comm: shadow %s ok\n", __func__);
	return 0;
}

static int __init patch_init(void)
{
	int ret = selftest();

	if (ret) {
		pr_err("kpatch_comm: shadow selftest failed\n");
		return ret;
	}
	return kpatch_register(&patch);
}

static void __exit patch_exit(void)
{
	kpatch_unregister(&patch);
}

module_init(patch_init);
module_exit(patch_exit);
MODULE_LICENSE("GPL");
