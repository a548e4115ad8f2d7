// SPDX-License-Identifier: GPL-2.0
/*
 * kpedge.ko, the target of test/guest/core-edges.bats: the functions the
 * test patches replace (a module object), the NMI source of the
 * consistency test (edge_nmi.c), the tasks of the removal and
 * trampoline tests (edge_tasks.c) and the late entrant (edge_late.c).
 *
 * Each function returns its version: 1 here, 2 or 3 in a patch. They
 * read separate variables, so the compiler can neither fold a call to a
 * constant nor merge two identical bodies into one function.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include "edge.h"

static int ver_a = 1, ver_b = 1, ver_f = 1, ver_l = 1;
bool edge_l_entered;

noinline int edge_a(void)
{
	return READ_ONCE(ver_a);
}

noinline int edge_b(void)
{
	return READ_ONCE(ver_b);
}

noinline int edge_f(void)
{
	return READ_ONCE(ver_f);
}

/* Sleeps for ms inside itself, once it has said it is there. */
noinline int edge_l(unsigned int ms)
{
	if (ms) {
		WRITE_ONCE(edge_l_entered, true);
		msleep(ms);
	}
	return READ_ONCE(ver_l);
}

static int __init edge_init(void)
{
	int ret = edge_nmi_init();

	if (ret)
		return ret;
	ret = edge_tasks_init();
	if (ret)
		goto no_tasks;
	ret = edge_late_init();
	if (!ret)
		return 0;
	edge_tasks_exit();
no_tasks:
	edge_nmi_exit();
	return ret;
}

static void __exit edge_exit(void)
{
	edge_late_exit();
	edge_tasks_exit();
	edge_nmi_exit();
}

module_init(edge_init);
module_exit(edge_exit);
MODULE_LICENSE("GPL");
