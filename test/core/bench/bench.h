/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the call benchmark patches: jiffies_to_msecs, an exported vmlinux
 * function cheap enough that the cost of redirecting it dominates. The
 * kpatch and the livepatch module replace it with this same body, which
 * returns what the original returns whenever HZ divides 1000 (the test
 * kernel has HZ=250).
 */
#ifndef _KPBENCH_H_
#define _KPBENCH_H_

#include <linux/build_bug.h>
#include <linux/jiffies.h>

static __always_inline unsigned int kpbench_j2ms(const unsigned long j)
{
	BUILD_BUG_ON(MSEC_PER_SEC % HZ);
	return (MSEC_PER_SEC / HZ) * j;
}

#endif /* _KPBENCH_H_ */
