// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where each loaded patch came from. The kernel keeps no path for a module
 * loaded with finit_module(2), so `kpatch load` writes it to
 * KPATCH_RUN_DIR/loaded/NAME (default /run/kpatch: gone at reboot, like the
 * loaded module); `kpatch info` reads it back to find the report the
 * module carries. Best effort: a patch loaded by other means has no record,
 * and info then says so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kpatch.h"

const char *kp_run_dir(void)
{
	const char *v = getenv("KPATCH_RUN_DIR");

	return v && *v ? v : "/run/kpatch";
}

static int record_path(char *buf, const char *name)
{
	return kp_path(buf, "%s/loaded/%s", kp_run_dir(), name);
}

/* mkdir -p: a busybox guest may have no /run. */
static int make_dir(const char *path)
{
	char buf[KP_PATH_MAX], *p;

	if (kp_path(buf, "%s", path))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) == 0 || errno == EEXIST ? 0 : -errno;
}

/* Write "PATH\n" (the file made absolute) atomically: rename over the old. */
void kp_origin_record(const char *name, const char *path)
{
	char dir[KP_PATH_MAX], rec[KP_PATH_MAX], tmp[KP_PATH_MAX];
	char *abs = realpath(path, NULL);
	FILE *f;

	if (!abs || kp_path(dir, "%s/loaded", kp_run_dir()) ||
	    make_dir(dir) || record_path(rec, name) ||
	    kp_path(tmp, "%s.tmp", rec))
		goto out;
	f = fopen(tmp, "w");
	if (!f)
		goto out;
	fprintf(f, "%s\n", abs);
	if (fclose(f) || rename(tmp, rec))
		unlink(tmp);
out:
	free(abs);
}

void kp_origin_forget(const char *name)
{
	char rec[KP_PATH_MAX];

	if (!record_path(rec, name))
		unlink(rec);
}

/* The recorded file of a loaded patch; -ENOENT when there is none. */
int kp_origin_path(const char *name, char *path)
{
	char rec[KP_PATH_MAX];
	int ret;

	ret = record_path(rec, name);
	if (!ret)
		ret = kp_read_attr(rec, path, KP_PATH_MAX);
	if (!ret && !*path)
		ret = -ENOENT;
	return ret;
}
