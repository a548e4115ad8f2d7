// SPDX-License-Identifier: GPL-2.0
/*
 * Loads fine but prints a kernel WARNING: the runner must fail a guest run
 * that produced one even though the guest script itself succeeded.
 */
#include <linux/module.h>
#include <linux/bug.h>

static int __init kpatch_warn_init(void)
{
	WARN(1, "kpatch-warn: deliberate warning for the runner test\n");
	return 0;
}

static void __exit kpatch_warn_exit(void)
{
}

module_init(kpatch_warn_init);
module_exit(kpatch_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch test-suite: a module that warns on load");
