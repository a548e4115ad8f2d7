// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Module handling for the kpatch command: whether a module is loaded, loading
 * a module file with finit_module(2), removing one with delete_module(2), and
 * finding and loading the core module kpatch.ko when a patch needs it. The
 * raw syscalls keep the binary static and free of libkmod so the same file
 * runs on a Debian system, in early boot and in the busybox test guest.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kpatch.h"

bool kp_module_loaded(const char *name)
{
	char path[KP_PATH_MAX];

	if (kp_path(path, "%s/module/%s", kp_sysfs(), name))
		return false;
	return kp_is_dir(path);
}

bool kp_core_loaded(void)
{
	return kp_module_loaded("kpatch");
}

/*
 * finit_module(2) on path. Errors are reported, except EBUSY: from a patch
 * module that is the core's activeness check, which the caller retries.
 */
int kp_insert_module(const char *path, const char *name)
{
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		kp_err("cannot open %s: %s", path, strerror(err));
		return -err;
	}
	if (syscall(SYS_finit_module, fd, "", 0) != 0) {
		err = errno;
		close(fd);
		if (err != EBUSY)
			kp_insert_error(name, err);
		return -err;
	}
	close(fd);
	return 0;
}

int kp_remove_module(const char *name)
{
	int err;

	if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0) {
		kp_origin_forget(name);
		return 0;
	}
	err = errno;
	if (err == EWOULDBLOCK || err == EBUSY)
		kp_err("removing module %s failed: it is in use", name);
	else
		kp_err("removing module %s failed: %s", name, strerror(err));
	return -err;
}

/* Directory of the running binary, for a kpatch.ko shipped next to it. */
static int self_dir(char *dir)
{
	char buf[KP_PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return kp_path(dir, "%s", dirname(buf));
}

/*
 * Where kpatch.ko may be, in order: KPATCH_CORE_MODULE, the running
 * kernel's modules tree (extra/kpatch/ from make install, updates/dkms/
 * from the package's DKMS build), next to this binary, and the source tree
 * layout (kpatch/../kmod/core/) for a build that is not installed.
 */
static int find_core(char *path)
{
	static const char *const subdirs[] = { "extra/kpatch", "updates/dkms" };
	const char *env = getenv("KPATCH_CORE_MODULE");
	const char *rel = kp_running_release();
	char dir[KP_PATH_MAX];
	bool have_dir;
	size_t i;

	if (env && *env) {
		if (kp_is_file(env))
			return kp_path(path, "%s", env);
		kp_err("KPATCH_CORE_MODULE=%s: no such file", env);
		return -ENOENT;
	}
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++)
		if (!kp_path(path, "%s/%s/%s/kpatch.ko", kp_module_dir(), rel,
			     subdirs[i]) && kp_is_file(path))
			return 0;
	have_dir = self_dir(dir) == 0;
	if (have_dir && !kp_path(path, "%s/kpatch.ko", dir) && kp_is_file(path))
		return 0;
	if (have_dir && !kp_path(path, "%s/../kmod/core/kpatch.ko", dir) &&
	    kp_is_file(path))
		return 0;
	kp_err("the core module kpatch.ko is not loaded and was not found in %s/%s/extra/kpatch/, %s/%s/updates/dkms/%s%s%s%s%s (install it, e.g. with 'dkms autoinstall', or set KPATCH_CORE_MODULE to its path)",
	       kp_module_dir(), rel, kp_module_dir(), rel,
	       have_dir ? ", " : "", have_dir ? dir : "",
	       have_dir ? "/ or " : "", have_dir ? dir : "",
	       have_dir ? "/../kmod/core/" : "");
	return -ENOENT;
}

/* Load kpatch.ko unless it is loaded; checks it fits this kernel first. */
int kp_ensure_core(void)
{
	char path[KP_PATH_MAX], name[KP_NAME_MAX];
	int ret;

	if (kp_core_loaded())
		return 0;
	ret = find_core(path);
	if (ret)
		return ret;
	ret = kp_module_identify(path, kp_running_release(), name);
	if (ret)
		return ret;
	if (strcmp(name, "kpatch")) {
		kp_err("%s is not the kpatch core module (its module name is %s)",
		       path, name);
		return -EINVAL;
	}
	kp_info("loading core module: %s", path);
	ret = kp_insert_module(path, "kpatch");
	if (ret == -EEXIST)
		return 0;	/* another loader won the race */
	if (ret == -EBUSY)
		kp_insert_error("kpatch", EBUSY);
	if (ret)
		return ret;
	if (!kp_core_loaded()) {
		kp_err("the core module loaded but %s/module/kpatch did not appear",
		       kp_sysfs());
		return -ENOENT;
	}
	return 0;
}
