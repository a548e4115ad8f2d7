// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A patch as the core module shows it in /sys/kernel/kpatch/NAME/ (enabled,
 * replace, functions, objects, last_window_ns, last_transition), and finding
 * an installed patch file under the data directory by file or module name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpatch.h"

int kp_patch_attr_path(char *buf, const char *name, const char *attr)
{
	if (attr)
		return kp_path(buf, "%s/kernel/kpatch/%s/%s", kp_sysfs(), name,
			       attr);
	return kp_path(buf, "%s/kernel/kpatch/%s", kp_sysfs(), name);
}

bool kp_patch_present(const char *name)
{
	char path[KP_PATH_MAX];

	return !kp_patch_attr_path(path, name, NULL) && kp_is_dir(path);
}

/* 0 or 1, or a negative errno when the attribute cannot be read. */
int kp_patch_enabled(const char *name)
{
	char path[KP_PATH_MAX], val[32];
	int ret;

	ret = kp_patch_attr_path(path, name, "enabled");
	if (ret)
		return ret;
	ret = kp_read_attr(path, val, sizeof(val));
	if (ret)
		return ret;
	if (!strcmp(val, "1"))
		return 1;
	if (!strcmp(val, "0"))
		return 0;
	return -EPROTO;
}

/* One write of enabled, retried while the core answers EBUSY. */
static int write_enabled(const char *name, const char *path, int val)
{
	const char *verb = val ? "enable" : "disable";
	unsigned int attempts, interval, i;
	int ret;

	kp_retry_config(&attempts, &interval);
	for (i = 0;; i++) {
		ret = kp_write_attr(path, val ? "1\n" : "0\n");
		if (ret != -EBUSY || i + 1 >= attempts)
			break;
		kp_busy_retry_note(name, i, attempts, interval);
		kp_sleep_ms(interval * 1000);
	}
	if (ret == -EBUSY)
		kp_busy_error(name, verb, attempts, interval);
	else if (ret == -EPERM && !val && kp_is_root())
		kp_stack_error(name);
	else if (ret)
		kp_err("could not %s %s: %s (see dmesg)", verb, name,
		       strerror(-ret));
	return ret;
}

/*
 * Write enabled and wait until it reads back; the core may finish the
 * transition after the write returns. Reports its own errors.
 */
int kp_patch_set_enabled(const char *name, int val)
{
	const char *verb = val ? "enable" : "disable";
	char path[KP_PATH_MAX];
	int ret, i, cur = -1;

	ret = kp_patch_attr_path(path, name, "enabled");
	if (ret)
		return ret;
	ret = write_enabled(name, path, val);
	if (ret)
		return ret;
	for (i = 0; i < KP_WAIT_SECONDS * 20; i++) {
		cur = kp_patch_enabled(name);
		if (cur == val)
			return 0;
		if (cur < 0 && cur != -EPROTO)
			break;
		kp_sleep_ms(50);
	}
	if (cur < 0)
		kp_err("could not %s %s: cannot read %s: %s", verb, name, path,
		       strerror(-cur));
	else
		kp_err("could not %s %s: enabled still reads %d after %d s",
		       verb, name, cur, KP_WAIT_SECONDS);
	return -ETIMEDOUT;
}

/* The checksum the core shows for a loaded patch; "" if it has none. */
int kp_patch_checksum(const char *name, char *buf, size_t size)
{
	char path[KP_PATH_MAX];
	int ret = kp_patch_attr_path(path, name, "checksum");

	buf[0] = '\0';
	if (ret)
		return ret;
	ret = kp_read_attr(path, buf, size);
	return ret == -ENOENT ? 0 : ret;
}

/*
 * An installed patch for release, given as a file name ("kpatch-foo.ko"),
 * a file name without .ko, or a module name ("kpatch_foo").
 */
int kp_find_installed(const char *release, const char *arg, char *path)
{
	char dir[KP_PATH_MAX], want[KP_NAME_MAX], have[KP_NAME_MAX];
	char **files;
	int n, i, ret = -ENOENT;

	if (strchr(arg, '/'))
		return -EINVAL;
	if (kp_path(dir, "%s/%s", kp_data_dir(), release))
		return -ENAMETOOLONG;
	kp_module_name(arg, want);
	n = kp_list_dir(dir, ".ko", false, &files);
	for (i = 0; i < n; i++) {
		kp_module_name(files[i], have);
		if (!strcmp(want, have)) {
			ret = kp_path(path, "%s/%s", dir, files[i]);
			break;
		}
	}
	if (n > 0)
		kp_free_list(files, n);
	return ret;
}
