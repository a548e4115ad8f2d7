// SPDX-License-Identifier: GPL-2.0
/*
 * Timing half of the core benchmark; a command written to the run
 * parameter leaves its median in the result parameter:
 *   stop N   N empty stop_machine() calls back to back, timed as kpatch.ko
 *            times its window (clock read before and after the call), ns;
 *            "stop 1" from a shell loop samples it as a sysfs write does
 *   call N   N batches of CALLS calls of jiffies_to_msecs, in whatever
 *            state the patches left it, picoseconds per call
 *   stub 1   one call of ethtool_sprintf, which the 100-function patch
 *            replaces with a stub; result 1 when it did its job
 */
#include <linux/ethtool.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include "bench.h"

#define CALLS 10000
#define MAX_SAMPLES 1001

static unsigned long result;
module_param(result, ulong, 0444);
static unsigned int sink;

static int noop(void *unused)
{
	return 0;
}

static u64 one_stop(void)
{
	u64 t0 = ktime_get_ns();

	stop_machine(noop, NULL, NULL);
	return ktime_get_ns() - t0;
}

/* A batch of calls, in picoseconds per call; U64_MAX if one was wrong. */
static u64 one_batch(void)
{
	unsigned int acc = 0, want = 0;
	unsigned long j;
	u64 t0, t1;

	t0 = ktime_get_ns();
	for (j = 0; j < CALLS; j++)
		acc += jiffies_to_msecs(j);
	t1 = ktime_get_ns();
	for (j = 0; j < CALLS; j++)
		want += kpbench_j2ms(j);
	WRITE_ONCE(sink, acc);
	return acc == want ? (t1 - t0) * 1000 / CALLS : U64_MAX;
}

/* A variadic call: arguments and the vector count must reach the body. */
static u64 one_stub(void)
{
	u8 buf[2 * ETH_GSTRING_LEN] = { 0 }, *p = buf;

	ethtool_sprintf(&p, "kp%d-%s", 42, "stub");
	return p == buf + ETH_GSTRING_LEN && !strcmp(buf, "kp42-stub") ?
	       1 : U64_MAX;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static const char * const cmds[] = { "stop", "call", "stub" };

static u64 one(int cmd)
{
	switch (cmd) {
	case 0:
		return one_stop();
	case 1:
		return one_batch();
	default:
		return one_stub();
	}
}

static int run_set(const char *val, const struct kernel_param *kp)
{
	char what[8];
	unsigned int i, n;
	int cmd;
	u64 *s;

	if (sscanf(val, "%7s %u", what, &n) != 2 || !n || n > MAX_SAMPLES)
		return -EINVAL;
	cmd = match_string(cmds, ARRAY_SIZE(cmds), what);
	if (cmd < 0)
		return cmd;
	s = kmalloc_array(n, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		s[i] = one(cmd);
		if (s[i] == U64_MAX) {
			pr_err("kpbench: %s: wrong result\n", what);
			kfree(s);
			return -EIO;
		}
		cond_resched();
	}
	sort(s, n, sizeof(*s), cmp_u64, NULL);
	result = s[n / 2];
	kfree(s);
	return 0;
}

static const struct kernel_param_ops run_ops = {
	.set = run_set,
};
module_param_cb(run, &run_ops, NULL, 0200);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kpatch core benchmark: stop_machine and call timing");
