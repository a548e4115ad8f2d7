// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The roots the kpatch command works under. Each defaults to the real system
 * location and can be redirected with an environment variable so the unit
 * tests can run every command against a fake sysfs and data directory; the
 * kernel itself is only ever exercised by the guest tests.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kpatch.h"

static const char *env_or(const char *var, const char *def)
{
	const char *v = getenv(var);

	return (v && *v) ? v : def;
}

const char *kp_sysfs(void)
{
	return env_or("KPATCH_SYSFS", "/sys");
}

const char *kp_data_dir(void)
{
	return env_or("KPATCH_DATA_DIR", "/var/lib/kpatch");
}

const char *kp_module_dir(void)
{
	return env_or("KPATCH_MODULE_DIR", "/lib/modules");
}

const char *kp_running_release(void)
{
	static struct utsname uts;
	static int done;

	if (!done) {
		if (uname(&uts) != 0)
			strcpy(uts.release, "unknown");
		done = 1;
	}
	return uts.release;
}

bool kp_is_root(void)
{
	return geteuid() == 0;
}

/* One clear line instead of a later EPERM from the kernel. */
int kp_need_root(const char *what)
{
	if (kp_is_root())
		return 0;
	kp_err("%s needs root: run it as root (e.g. with sudo)", what);
	return -EPERM;
}
