// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * After `kpatch install`, make sure the boot unit that loads installed
 * patches is enabled, as upstream kpatch does: when systemd runs (its
 * /run/systemd/system exists; KPATCH_SYSTEMD_DIR overrides it for tests),
 * run `systemctl enable kpatch.service` unless it is enabled already.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kpatch.h"

#define UNIT "kpatch.service"

/* Run systemctl with args; its exit status, or -1 if it could not run. */
static int systemctl(const char *a1, const char *a2, const char *a3)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("systemctl", "systemctl", a1, a2, a3, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int kp_enable_boot_unit(void)
{
	const char *dir = getenv("KPATCH_SYSTEMD_DIR");
	int rc;

	if (!dir || !*dir)
		dir = "/run/systemd/system";
	if (!kp_is_dir(dir))
		return 0;
	if (systemctl("is-enabled", "--quiet", UNIT) == 0) {
		kp_info(UNIT " is enabled: installed patches are loaded at boot");
		return 0;
	}
	rc = systemctl("enable", "--quiet", UNIT);
	if (rc == 0) {
		kp_info("enabled " UNIT " so that installed patches are loaded at boot");
		return 0;
	}
	kp_err("the patch is installed, but 'systemctl enable " UNIT "' failed (%s %d): it will not be loaded at boot until the unit is enabled",
	       rc == 127 ? "systemctl not found, status" : "exit status", rc);
	return 1;
}
