// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The core's timeline (/sys/kernel/kpatch/timeline) read back: it is the
 * only record of the order in which patches were loaded, which is their
 * stack order (newest on top), and of the task that blocked a refused
 * transition (busy=PID:COMM:FUNCTION). Lines look like
 *   SECONDS.USEC EVENT PATCH ok|err=ERRNO [key=value ...]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpatch.h"

/* busy= is last on its line; COMM may hold ':' or ' ', FUNCTION does not. */
static void parse_busy(const char *line, struct kp_event *e)
{
	const char *b = strstr(line, " busy="), *comm, *func;
	size_t n;

	if (!b)
		return;
	b += strlen(" busy=");
	e->busy_pid = atoi(b);
	comm = strchr(b, ':');
	func = strrchr(b, ':');
	if (!comm || func == comm)
		return;
	comm++;
	n = (size_t)(func - comm);
	if (n >= sizeof(e->busy_comm))
		n = sizeof(e->busy_comm) - 1;
	memcpy(e->busy_comm, comm, n);
	e->busy_comm[n] = '\0';
	snprintf(e->busy_func, sizeof(e->busy_func), "%s", func + 1);
	e->busy_func[strcspn(e->busy_func, "\n")] = '\0';
}

static int parse_line(const char *line, struct kp_event *e)
{
	char result[32];

	memset(e, 0, sizeof(*e));
	if (line[0] == '#' ||
	    sscanf(line, "%*s %31s %255s %31s", e->event, e->patch, result) != 3)
		return -1;
	e->ok = !strcmp(result, "ok");
	if (!e->ok && sscanf(result, "err=%d", &e->err) != 1)
		return -1;
	parse_busy(line, e);
	return 0;
}

/* All parsable events, oldest first; 0 events if there is no timeline. */
int kp_timeline_load(struct kp_timeline *tl)
{
	char path[KP_PATH_MAX], *buf, *line, *save = NULL;
	int cap = 0;

	memset(tl, 0, sizeof(*tl));
	if (kp_path(path, "%s/kernel/kpatch/timeline", kp_sysfs()))
		return -ENAMETOOLONG;
	buf = kp_read_file(path, NULL);
	if (!buf)
		return -errno;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (kp_grow(&tl->ev, tl->n, &cap, sizeof(*tl->ev)))
			break;
		if (!parse_line(line, &tl->ev[tl->n]))
			tl->n++;
	}
	free(buf);
	return 0;
}

void kp_timeline_free(struct kp_timeline *tl)
{
	free(tl->ev);
	memset(tl, 0, sizeof(*tl));
}

/* Index of the last successful load of name, -1 if it is not recorded. */
int kp_timeline_load_rank(const struct kp_timeline *tl, const char *name)
{
	int i;

	for (i = tl->n - 1; i >= 0; i--)
		if (tl->ev[i].ok && !strcmp(tl->ev[i].event, "load") &&
		    !strcmp(tl->ev[i].patch, name))
			return i;
	return -1;
}

/* The newest refuse event of name, or NULL. */
const struct kp_event *kp_timeline_last_refuse(const struct kp_timeline *tl,
					       const char *name)
{
	int i;

	for (i = tl->n - 1; i >= 0; i--)
		if (!strcmp(tl->ev[i].event, "refuse") &&
		    !strcmp(tl->ev[i].patch, name))
			return &tl->ev[i];
	return NULL;
}
