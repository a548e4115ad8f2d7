// SPDX-License-Identifier: GPL-2.0
/*
 * The patch timeline: a bounded journal of what the core did, read as text
 * from /sys/kernel/kpatch/timeline (what `kpatch log` prints), one event
 * per line, oldest first:
 *
 *   SECONDS.USEC EVENT PATCH RESULT [key=value ...]
 *
 * EVENT is load, apply, revert, replace, unload, module-apply, module-drop,
 * refuse (the activeness check kept failing: busy=PID:COMM:FUNCTION) or
 * fail (any other error, with reason=...). RESULT is "ok" or "err=ERRNO".
 * Keys: obj= (a module object), retries= (stop_machine attempts beyond the
 * first) and window_ns= (the last stop_machine window) for the events that
 * stop the machine (apply, revert, replace, refuse), by= (the replacing
 * patch), reason=.
 *
 * Each entry holds copies of the names it mentions, so the journal outlives
 * the patch modules; when it is full the oldest entries are overwritten
 * and the first line says how many were lost. A spinlock rather than the
 * core mutex guards it, so events can be logged with or without that
 * mutex held and the file can be read while a transition is waiting.
 */
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include "internal.h"

#define NR_EVENTS	256
#define LINE_MAX_LEN	256

struct kpatch_event {
	u64 ts;
	u64 window_ns;
	enum kpatch_event_type type;
	int ret;
	unsigned int retries;
	pid_t pid;
	char patch[MODULE_NAME_LEN];
	char obj[MODULE_NAME_LEN];
	char comm[TASK_COMM_LEN];
	char detail[64];
};

static const char * const type_names[] = {
	[KP_EV_LOAD] = "load",
	[KP_EV_APPLY] = "apply",
	[KP_EV_REVERT] = "revert",
	[KP_EV_REPLACE] = "replace",
	[KP_EV_UNLOAD] = "unload",
	[KP_EV_MODULE_APPLY] = "module-apply",
	[KP_EV_MODULE_DROP] = "module-drop",
	[KP_EV_REFUSE] = "refuse",
	[KP_EV_FAIL] = "fail",
};

/*
 * Events that went through stop_machine(). A module object is applied and
 * dropped without one: its code cannot be running at COMING or GOING.
 */
static bool has_window(enum kpatch_event_type type)
{
	return type == KP_EV_APPLY || type == KP_EV_REVERT ||
	       type == KP_EV_REPLACE || type == KP_EV_REFUSE;
}

static struct kpatch_event *ring;
static unsigned long head;		/* events ever logged */
static DEFINE_SPINLOCK(ring_lock);

/*
 * One event of patch p (NULL for none). obj is a module object's name or
 * NULL for vmlinux; detail is the reason, the replacing patch's name or
 * NULL. The switch results (retries, window, blocker) are p's last ones
 * when the event is about a transition.
 */
void kpatch_timeline_add(enum kpatch_event_type type, struct kpatch_patch *p,
			 const char *obj, int ret, const char *detail)
{
	struct kpatch_event *e, ev = {
		.ts = ktime_get_real_ns(), .type = type, .ret = ret,
	};
	unsigned long flags;

	if (p) {
		strscpy(ev.patch, p->mod->name, sizeof(ev.patch));
		if (type != KP_EV_LOAD && type != KP_EV_UNLOAD) {
			p->last_event = type_names[type];
			p->last_event_time = div_u64(ev.ts, NSEC_PER_SEC);
		}
		if (has_window(type)) {
			ev.window_ns = p->last_window_ns;
			ev.retries = p->last_retries;
		}
		if (type == KP_EV_REFUSE) {
			ev.pid = p->busy_pid;
			strscpy(ev.comm, p->busy_comm, sizeof(ev.comm));
			detail = p->busy_func;
		}
	}
	if (obj && strcmp(obj, "vmlinux"))
		strscpy(ev.obj, obj, sizeof(ev.obj));
	if (detail)
		strscpy(ev.detail, detail, sizeof(ev.detail));
	if (!ring)
		return;
	spin_lock_irqsave(&ring_lock, flags);
	e = &ring[head++ % NR_EVENTS];
	*e = ev;
	spin_unlock_irqrestore(&ring_lock, flags);
}

static int format(const struct kpatch_event *e, char *buf, size_t len)
{
	u64 usec = div_u64(e->ts, NSEC_PER_USEC);
	u32 rem;
	u64 sec = div_u64_rem(usec, USEC_PER_SEC, &rem);
	int n;

	n = scnprintf(buf, len, "%llu.%06u %s %s ", sec, rem,
		      type_names[e->type], e->patch[0] ? e->patch : "-");
	if (e->ret)
		n += scnprintf(buf + n, len - n, "err=%d", e->ret);
	else
		n += scnprintf(buf + n, len - n, "ok");
	if (e->obj[0])
		n += scnprintf(buf + n, len - n, " obj=%s", e->obj);
	if (has_window(e->type))
		n += scnprintf(buf + n, len - n, " retries=%u window_ns=%llu",
			       e->retries, e->window_ns);
	if (e->type == KP_EV_REFUSE)
		n += scnprintf(buf + n, len - n, " busy=%d:%s:%s", e->pid,
			       e->comm, e->detail);
	else if (e->type == KP_EV_REPLACE && e->detail[0])
		n += scnprintf(buf + n, len - n, " by=%s", e->detail);
	else if (e->detail[0])
		n += scnprintf(buf + n, len - n, " reason=%s", e->detail);
	n += scnprintf(buf + n, len - n, "\n");
	return n;
}

/*
 * Copy the part of line (len bytes, at offset *at of the whole text) that
 * falls in [pos, pos + count) to out; advance *at; the bytes copied.
 */
size_t kpatch_copy_slice(char *out, loff_t pos, size_t count, size_t *at,
			 const char *line, size_t len)
{
	size_t start = *at, skip, n;

	*at += len;
	if (start + len <= pos || start >= pos + count)
		return 0;
	skip = pos > start ? pos - start : 0;
	n = min_t(size_t, len - skip, pos + count - (start + skip));
	memcpy(out + (start + skip - pos), line + skip, n);
	return n;
}

struct timeline_buf {
	struct kpatch_event ev;
	char line[LINE_MAX_LEN];
};

/*
 * The whole journal is more than a sysfs page, so the file is binary in
 * sysfs's terms: each read renders the lines afresh, one event at a time
 * copied out under the lock, and keeps the slice asked for. A reader that
 * crosses an overwrite may see a line twice or miss one; `kpatch log`
 * reads it in one go.
 */
static ssize_t timeline_read(struct file *f, struct kobject *k,
			     struct bin_attribute *a, char *out, loff_t pos,
			     size_t count)
{
	struct timeline_buf *b;
	unsigned long first, last, i, flags;
	size_t done = 0, at = 0, len;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	spin_lock_irqsave(&ring_lock, flags);
	last = head;
	spin_unlock_irqrestore(&ring_lock, flags);
	first = last > NR_EVENTS ? last - NR_EVENTS : 0;
	if (first) {
		len = scnprintf(b->line, sizeof(b->line),
				"# %lu older events dropped\n", first);
		done += kpatch_copy_slice(out, pos, count, &at, b->line, len);
	}
	for (i = first; i < last && done < count; i++) {
		spin_lock_irqsave(&ring_lock, flags);
		b->ev = ring[i % NR_EVENTS];
		spin_unlock_irqrestore(&ring_lock, flags);
		len = format(&b->ev, b->line, sizeof(b->line));
		done += kpatch_copy_slice(out, pos, count, &at, b->line, len);
	}
	kfree(b);
	return done;
}

static struct bin_attribute timeline_attr = {
	.attr = { .name = "timeline", .mode = 0444 },
	.read = timeline_read,
};

int kpatch_timeline_init(struct kobject *root)
{
	ring = kcalloc(NR_EVENTS, sizeof(*ring), GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	return sysfs_create_bin_file(root, &timeline_attr);
}

void kpatch_timeline_exit(struct kobject *root)
{
	sysfs_remove_bin_file(root, &timeline_attr);
	kfree(ring);
	ring = NULL;
}
