// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest out-of-tree module: proves that a module built here loads into
 * the guest kernel, runs, and unloads. Its messages carry the CPU count so the
 * smoke test also sees that both vCPUs came up.
 */
#include <linux/module.h>
#include <linux/cpumask.h>

static int __init kpatch_smoke_init(void)
{
	pr_info("kpatch-smoke: hello, %u cpus online\n", num_online_cpus());
	return 0;
}

static void __exit kpatch_smoke_exit(void)
{
	pr_info("kpatch-smoke: goodbye\n");
}

module_init(kpatch_smoke_init);
module_exit(kpatch_smoke_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch test-suite smoke module");
