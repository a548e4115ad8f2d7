// SPDX-License-Identifier: GPL-2.0
/*
 * The stack check: is any task (each CPU's idle task and the exiting tasks
 * of exits.c included) inside code that a transition stops using? A task
 * is busy when a return address of its stack lies in one of the
 * transition's ranges (switch.c), or when its stack cannot be walked
 * reliably (livepatch's rule).
 *
 * Walking every stack inside stop_machine() makes the window grow with the
 * number of tasks, so the stacks are walked first with the machine
 * running, under rcu_read_lock() (the task_struct stays) and holding a
 * reference on each stack (a dead task's stack is freed, or handed to the
 * next fork, at its last switch), and each result is kept with the task's
 * context-switch count. A sleeping task's stack changes only if it runs,
 * and a task that has run and is off its CPU again has been switched out,
 * which raised its count and put it in the switch log (switchlog.c).
 * So inside the window only
 * the tasks in the log are looked at, and of those only the ones whose
 * count changed since their early walk (or that it skipped) are walked
 * again. Without a complete log, every task is looked at.
 */
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <asm/unwind.h>
#include "internal.h"
#include "switch.h"

static const char busy_unreliable[] = "<unreliable-stack>";

/* The range holding ra: the last one starting at or below it, if ra < end. */
static const char *busy_func(struct switch_ctx *c, unsigned long ra)
{
	int lo = 0, hi = c->nr_ranges, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->ranges[mid].start <= ra)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && ra < c->ranges[lo - 1].end)
		return c->ranges[lo - 1].name;
	return NULL;
}

/*
 * What t's stack is in (a range's name, unreliable), or NULL. For an
 * unreliable stack, *stuck is the frame the unwinder could not get past,
 * or 0 if that frame's address is not kernel text (the stack held no sane
 * return address): a task interrupted where ORC says the frame is
 * undefined (a retpoline thunk's first instruction on 6.12) is there only
 * for a moment, a stack that went wrong is not.
 */
static const char *walk(struct switch_ctx *c, struct task_struct *t,
			unsigned long *stuck)
{
	struct unwind_state st;
	unsigned long ra = 0;
	const char *why;

	for (unwind_start(&st, t, NULL, NULL); !unwind_done(&st);
	     unwind_next_frame(&st)) {
		ra = unwind_get_return_address(&st);
		if (!ra)
			continue;
		why = busy_func(c, ra);
		if (why)
			return why;
	}
	if (!unwind_error(&st))
		return NULL;
	*stuck = ra;
	return busy_unreliable;
}

static unsigned long switches(struct task_struct *t)
{
	return READ_ONCE(t->nvcsw) + READ_ONCE(t->nivcsw);
}

/*
 * A task with no stack runs nothing: an exited task stays listed until it
 * is reaped, but its stack may already be released (refcount zero). With
 * the machine stopped, nothing releases one meanwhile.
 */
static bool has_stack(struct task_struct *t)
{
	return refcount_read(&t->stack_refcount);
}

/* put_task_stack(), not exported; found at load. */
static void (*put_stack)(struct task_struct *t);

int kpatch_tasks_init(void)
{
	unsigned long addr;
	int ret;

	ret = kpatch_find_symbol("vmlinux", "put_task_stack", 0, &addr);
	if (ret)
		return ret;
	put_stack = (void *)addr;
	return kpatch_exits_init();
}

void kpatch_tasks_exit(void)
{
	kpatch_exits_exit();
}

static bool mark_busy(struct switch_ctx *c, struct task_struct *t,
		      const char *why, unsigned long stuck)
{
	c->blocker = why;
	c->blocker_stuck = stuck;
	c->pid = t->pid;
	/* No task_lock() with the machine stopped: a racy copy is enough. */
	memcpy(c->comm, t->comm, sizeof(c->comm));
	c->comm[sizeof(c->comm) - 1] = '\0';
	return true;
}

static int cmp_seen(const void *a, const void *b)
{
	const struct kp_seen *x = a, *y = b;

	if (x->task == y->task)
		return 0;
	return x->task < y->task ? -1 : 1;
}

/*
 * t's early result into s; false if t must go into the log instead. The
 * reference on the stack keeps a task that dies meanwhile from having its
 * stack reused by a new one, whose frames would be blamed on it.
 */
static bool early_walk(struct switch_ctx *c, struct task_struct *t,
		       struct kp_seen *s)
{
	unsigned long sw;
	bool stable;

	if (t == current || READ_ONCE(t->on_cpu))
		return false;
	sw = switches(t);
	/* The count before the walk, the walk, then the checks. */
	smp_rmb();
	s->stuck = 0;
	s->busy = walk(c, t, &s->stuck);
	/* ... and the state after it, read after the walk. */
	smp_rmb();
	stable = !READ_ONCE(t->on_cpu) && switches(t) == sw;
	s->task = t;
	s->start_time = t->start_time;
	s->switches = sw;
	return stable;
}

/*
 * The early walk, before the window. Fills c->seen; a task found busy here
 * with a result that still holds makes the transition fail without
 * stopping the machine (returns -EBUSY with the blocker set).
 */
int kpatch_tasks_precheck(struct switch_ctx *c)
{
	struct task_struct *g, *t;
	struct kp_seen *s;
	int n = 0, max = 0;
	bool busy = false, kept;

	rcu_read_lock();
	for_each_process_thread(g, t)
		max++;
	rcu_read_unlock();
	/* Before any task's state is read: the log must cover the walk. */
	if (!c->logging)
		c->logging = kpatch_switchlog_start(max);
	max += max / 8 + 64;
	kvfree(c->seen);
	c->nr_seen = 0;
	c->seen_all = false;
	c->seen = kvmalloc_array(max, sizeof(*c->seen), GFP_KERNEL);
	if (!c->seen)
		return 0;	/* every task is walked in the window */
	c->seen_all = true;
	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (n == max) {
			c->seen_all = false;
			break;
		}
		/* No stack: dead, it runs nothing. */
		if (!try_get_task_stack(t))
			continue;
		s = &c->seen[n];
		kept = early_walk(c, t, s);
		put_stack(t);
		/*
		 * A task skipped here goes into the log. It will be anyway
		 * (it runs, so it is switched out before the window), but
		 * that should not need an argument.
		 */
		if (!kept) {
			kpatch_switchlog_add(t);
			continue;
		}
		n++;
		if (s->busy && !busy)
			busy = mark_busy(c, t, s->busy, s->stuck);
	}
	rcu_read_unlock();
	c->nr_seen = n;
	sort(c->seen, n, sizeof(*c->seen), cmp_seen, NULL);
	return busy ? -EBUSY : 0;
}

/* The early result for t, if it still holds. */
static struct kp_seen *seen(struct switch_ctx *c, struct task_struct *t)
{
	int lo = 0, hi = c->nr_seen, mid;
	struct kp_seen *s;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = &c->seen[mid];
		if (s->task == t)
			return s->start_time == t->start_time &&
			       s->switches == switches(t) ? s : NULL;
		if (s->task < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool task_busy(struct switch_ctx *c, struct task_struct *t)
{
	struct kp_seen *s;
	unsigned long stuck = 0;
	const char *why;

	if (!has_stack(t))
		return false;
	/*
	 * The tasks on the other CPUs are their stopper threads, spinning in
	 * multi_cpu_stop(); their saved stack pointer is stale, and they
	 * run no patchable code until the machine restarts.
	 */
	if (t != current && READ_ONCE(t->on_cpu))
		return false;
	s = seen(c, t);
	if (s) {
		why = s->busy;
		stuck = s->stuck;
	} else {
		why = walk(c, t, &stuck);
	}
	return why ? mark_busy(c, t, why, stuck) : false;
}

static bool all_tasks_busy(struct switch_ctx *c)
{
	struct task_struct *g, *t;

	for_each_process_thread(g, t) {
		c->window_tasks++;
		if (task_busy(c, t))
			return true;
	}
	return false;
}

/*
 * Inside stop_machine(): the tasks logged since the check before (or
 * every task, without a complete log), the exiting tasks that may have
 * left the task list, then every CPU's idle task. The
 * task running this is a stopper thread, which runs no patched code.
 */
bool kpatch_tasks_busy(struct switch_ctx *c)
{
	struct task_struct *t;
	int cpu, busy = -1;

	c->window_tasks = 0;
	if (c->logging && c->seen_all)
		busy = kpatch_switchlog_each(c, task_busy);
	if (busy < 0) {
		c->window_tasks = 0;
		busy = all_tasks_busy(c);
	}
	if (busy)
		return true;
	/* Released while still exiting: on no list (exits.c). */
	if (kpatch_exits_each(c, task_busy))
		return true;
	/* Idle tasks are not on the task list; CPU 0's is init_task. */
	for_each_possible_cpu(cpu) {
		t = kpatch_idle_task(cpu);
		if (t && task_busy(c, t))
			return true;
	}
	return false;
}

/*
 * For a refusal's message: where the walk of an unreliable stack stopped,
 * as a symbol (never a raw address), or "" for any other blocker. Only
 * mark_busy() sets busy_unreliable, always with its frame, so the other
 * blockers need not clear blocker_stuck.
 */
void kpatch_tasks_stuck_at(const struct switch_ctx *c, char *buf, size_t len)
{
	buf[0] = '\0';
	if (c->blocker != busy_unreliable)
		return;
	if (c->blocker_stuck)
		snprintf(buf, len, " (unwinding stopped at %pS)",
			 (void *)c->blocker_stuck);
	else
		snprintf(buf, len,
			 " (unwinding stopped at an address outside kernel text)");
}
