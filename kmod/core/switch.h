/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by switch.c (the transition) and tasks.c (the stack check).
 */
#ifndef _KPATCH_SWITCH_H_
#define _KPATCH_SWITCH_H_

#include <linux/sched.h>

struct kp_range {
	unsigned long start, end;
	const char *name;
};

/* One task as the check before the window saw it (tasks.c). */
struct kp_seen {
	struct task_struct *task;
	u64 start_time;			/* tells a reused task_struct apart */
	unsigned long switches;		/* nvcsw + nivcsw then */
	const char *busy;		/* what it was in, or NULL */
};

struct switch_ctx {
	struct kpatch_patch *patch;
	bool enable;
	bool replace;			/* enabling p turns every other off */
	int ret;
	struct kp_range *ranges;	/* sorted, code that must be unused */
	int nr_ranges, max_ranges;
	struct kp_seen *seen;		/* sorted by task */
	int nr_seen;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *blocker;
};

int kpatch_tasks_precheck(struct switch_ctx *c);
bool kpatch_tasks_busy(struct switch_ctx *c);

#endif /* _KPATCH_SWITCH_H_ */
