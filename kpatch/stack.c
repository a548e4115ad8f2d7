// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loaded patches as a stack: their order is the order of their load
 * events in the core's timeline (a patch whose load event fell out of the
 * bounded timeline is older than every patch whose event is still there;
 * among such patches name order is the best guess). From that order and
 * each patch's `functions` file follows which patch's version of each
 * function runs: the newest patch on which it is applied.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpatch.h"

static const struct kp_timeline *sort_tl;

static int by_rank(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int rx = kp_timeline_load_rank(sort_tl, x);
	int ry = kp_timeline_load_rank(sort_tl, y);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x, y);
}

/* Loaded patches, oldest first; returns the count or a negative errno. */
int kp_loaded_patches(char ***names)
{
	struct kp_timeline tl;
	char dir[KP_PATH_MAX];
	int n;

	*names = NULL;
	if (kp_path(dir, "%s/kernel/kpatch", kp_sysfs()))
		return -ENAMETOOLONG;
	n = kp_list_dir(dir, NULL, true, names);
	if (n <= 1)
		return n;
	kp_timeline_load(&tl);
	sort_tl = &tl;
	qsort(*names, (size_t)n, sizeof(**names), by_rank);
	sort_tl = NULL;
	kp_timeline_free(&tl);
	return n;
}

static int parse_func(char *line, struct kp_func *f)
{
	memset(f, 0, sizeof(*f));
	return sscanf(line, "%255s %255s %lu %31s %31s %15s", f->obj, f->name,
		      &f->sympos, f->old_addr, f->new_addr, f->state) == 6 ?
		0 : -1;
}

/* The lines of a patch's `functions`; count, or a negative errno. */
int kp_patch_funcs(const char *patch, struct kp_func **out)
{
	char path[KP_PATH_MAX], *buf, *line, *save = NULL;
	struct kp_func *fs = NULL;
	int n = 0, cap = 0;

	*out = NULL;
	if (kp_patch_attr_path(path, patch, "functions"))
		return -ENAMETOOLONG;
	buf = kp_read_file(path, NULL);
	if (!buf)
		return -errno;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (kp_grow(&fs, n, &cap, sizeof(*fs)))
			break;
		if (!parse_func(line, &fs[n]))
			n++;
	}
	free(buf);
	*out = fs;
	return n;
}

static bool same_func(const struct kp_func *a, const struct kp_func *b)
{
	return a->sympos == b->sympos && !strcmp(a->obj, b->obj) &&
	       !strcmp(a->name, b->name);
}

/* Replace the owner of f in live[] or append it. */
static int set_live(struct kp_live **live, int *n, int *cap,
		    const struct kp_func *f, const char *patch)
{
	int i;

	for (i = 0; i < *n; i++)
		if (same_func(&(*live)[i].func, f)) {
			(*live)[i].patch = patch;
			return 0;
		}
	if (kp_grow(live, *n, cap, sizeof(**live)))
		return -ENOMEM;
	(*live)[*n].func = *f;
	(*live)[(*n)++].patch = patch;
	return 0;
}

/*
 * For the patches in names (oldest first), the functions whose running
 * version is a patch's, each with that patch (a pointer into names).
 * -EACCES when a functions file is unreadable (root only: addresses).
 */
int kp_live_functions(char **names, int nr, struct kp_live **live)
{
	struct kp_func *fs;
	int i, j, nf, n = 0, cap = 0;

	*live = NULL;
	for (i = 0; i < nr; i++) {
		nf = kp_patch_funcs(names[i], &fs);
		if (nf == -EACCES || nf == -EPERM) {
			free(*live);
			*live = NULL;
			return -EACCES;
		}
		for (j = 0; j < nf; j++)
			if (!strcmp(fs[j].state, "applied") &&
			    set_live(live, &n, &cap, &fs[j], names[i])) {
				free(fs);
				return -ENOMEM;
			}
		free(fs);
	}
	return n;
}

/*
 * The newest enabled patch loaded after name that also replaces one of its
 * functions (what the core's -EPERM on disabling name means), into newer
 * and func; -ENOENT if there is none.
 */
int kp_newer_patch(const char *name, char *newer, char *func)
{
	struct kp_func *mine, *theirs;
	int n, nm, nt, i, j, k, me = -1, ret = -ENOENT;
	char **names;

	n = kp_loaded_patches(&names);
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			me = i;
	nm = me < 0 ? 0 : kp_patch_funcs(name, &mine);
	for (i = n - 1; i > me && me >= 0 && ret; i--) {
		if (kp_patch_enabled(names[i]) != 1)
			continue;
		nt = kp_patch_funcs(names[i], &theirs);
		for (j = 0; j < nt && ret; j++)
			for (k = 0; k < nm && ret; k++)
				if (same_func(&theirs[j], &mine[k])) {
					snprintf(newer, KP_NAME_MAX, "%s", names[i]);
					snprintf(func, KP_NAME_MAX, "%s", mine[k].name);
					ret = 0;
				}
		if (nt > 0)
			free(theirs);
	}
	if (me >= 0 && nm > 0)
		free(mine);
	if (n > 0)
		kp_free_list(names, n);
	return ret;
}
