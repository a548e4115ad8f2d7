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
	unsigned long stuck;		/* unreliable: where (tasks.c) */
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
	bool seen_all;			/* the check before saw every task */
	bool logging;			/* the switch log runs (switchlog.c) */
	int window_tasks;		/* tasks looked at in the window */
	pid_t pid;
	char comm[TASK_COMM_LEN];
	const char *blocker;
	unsigned long blocker_stuck;	/* an unreliable stack's frame */
};

int kpatch_tasks_precheck(struct switch_ctx *c);
bool kpatch_exits_each(struct switch_ctx *c,
		       bool (*fn)(struct switch_ctx *, struct task_struct *));
bool kpatch_tasks_busy(struct switch_ctx *c);
void kpatch_tasks_stuck_at(const struct switch_ctx *c, char *buf, size_t len);

bool kpatch_switchlog_start(unsigned int nr_tasks);
void kpatch_switchlog_stop(void);
void kpatch_switchlog_add(struct task_struct *t);
int kpatch_switchlog_each(struct switch_ctx *c,
			  bool (*fn)(struct switch_ctx *, struct task_struct *));

#endif /* _KPATCH_SWITCH_H_ */
