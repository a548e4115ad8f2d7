// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kpatch load [--all] MODULE.ko|NAME`: check that a patch module was built
 * for the running kernel, load the core module if needed, load the patch,
 * wait until the core reports it enabled and say what was patched. --all
 * loads every patch installed for the running kernel, in file name order,
 * and skips the ones already loaded (same checksum), so running it twice
 * (e.g. from the boot unit) is harmless; a patch that fails is reported and
 * the others are still loaded, and the exit status is then 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpatch.h"

static void usage(void)
{
	fputs("usage: kpatch load [--all] MODULE.ko|NAME\n"
	      "\n"
	      "Load a patch module into the running kernel and wait until it is\n"
	      "enabled. NAME is a patch installed for the running kernel.\n"
	      "\n"
	      "  -a, --all    load every patch installed for the running kernel\n"
	      "               (in file name order; one failure does not stop\n"
	      "               the others, but makes the exit status 1)\n"
	      "  -h, --help   show this help\n"
	      "\n"
	      "While a task runs a function the patch replaces, the core refuses\n"
	      "it; the load is tried KPATCH_LOAD_ATTEMPTS times (5)\n"
	      "KPATCH_RETRY_INTERVAL seconds apart (2).\n", stdout);
}

/* Count the `functions` lines of a patch, split by state. */
static void count_functions(const char *name, int *total, int *deferred)
{
	char path[KP_PATH_MAX], *buf, *line, *save = NULL;

	*total = 0;
	*deferred = 0;
	if (kp_patch_attr_path(path, name, "functions"))
		return;
	buf = kp_read_file(path, NULL);
	if (!buf)
		return;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		(*total)++;
		if (kp_ends_with(line, " deferred"))
			(*deferred)++;
	}
	free(buf);
}

static void report_enabled(const char *name)
{
	int total, deferred;

	count_functions(name, &total, &deferred);
	if (deferred)
		kp_info("%s: enabled (%d functions, %d deferred until their module loads)",
			name, total, deferred);
	else
		kp_info("%s: enabled (%d functions)", name, total);
}

/*
 * The patch module registers with the core from its init, which finished
 * before finit_module(2) returned; allow a little slack for that, then
 * the usual time for the core to enable it.
 */
static int wait_enabled(const char *name)
{
	int i;

	for (i = 0; i < 40 && !kp_patch_present(name); i++)
		kp_sleep_ms(50);
	if (!kp_patch_present(name)) {
		kp_err("%s did not register with the kpatch core (not a kpatch patch module?); removing it",
		       name);
		return -ENOENT;
	}
	for (i = 0; i < KP_WAIT_SECONDS * 20; i++) {
		if (kp_patch_enabled(name) == 1)
			return 0;
		kp_sleep_ms(50);
	}
	kp_err("%s loaded but was not enabled within %d s; removing it", name,
	       KP_WAIT_SECONDS);
	return -ETIMEDOUT;
}

/*
 * A module of this name is already in the kernel. It counts as this file
 * only if their checksums agree: re-enabling or skipping another build of
 * the same name would report success for code that is not the file's.
 */
static int load_existing(const char *name, const char *path, const char *sum,
			 bool all)
{
	char loaded[128], origin[KP_PATH_MAX];
	int en;

	if (!kp_patch_present(name)) {
		kp_err("a module named %s is loaded but it is not a kpatch patch",
		       name);
		return -EEXIST;
	}
	kp_patch_checksum(name, loaded, sizeof(loaded));
	if (strcmp(loaded, sum)) {
		kp_err("%s is a different build of the loaded patch %s (loaded checksum %s, file checksum %s); unload the loaded one first ('kpatch unload %s') or build the new one under another name (kpatch-build -n)",
		       path, name, *loaded ? loaded : "none",
		       *sum ? sum : "none", name);
		return -EEXIST;
	}
	if (kp_origin_path(name, origin))
		kp_origin_record(name, path);	/* the same build: its file */
	en = kp_patch_enabled(name);
	if (en == 1) {
		kp_info("%s: already loaded and enabled", name);
		return 0;
	}
	if (all) {
		/* Likely replaced by a later patch: re-enabling would undo that. */
		kp_info("%s: already loaded (disabled); leaving it as it is", name);
		return 0;
	}
	if (kp_need_root("kpatch load"))
		return -EPERM;
	kp_info("re-enabling patch module: %s", name);
	if (kp_patch_set_enabled(name, 1))
		return -EIO;
	report_enabled(name);
	return 0;
}

/*
 * finit_module(2), again while the core's activeness check answers EBUSY
 * (a task is in a function the patch replaces), as upstream kpatch does.
 */
static int insert_retrying(const char *path, const char *name)
{
	unsigned int attempts, interval, i;
	int ret;

	kp_retry_config(&attempts, &interval);
	for (i = 0;; i++) {
		ret = kp_insert_module(path, name);
		if (ret != -EBUSY)
			return ret;
		if (i + 1 >= attempts)
			break;
		kp_busy_retry_note(name, i, attempts, interval);
		kp_sleep_ms(interval * 1000);
	}
	kp_busy_error(name, "load", attempts, interval);
	return ret;
}

static int load_file(const char *path, bool all)
{
	char name[KP_NAME_MAX], sum[128];
	int ret;

	ret = kp_module_identify_sum(path, kp_running_release(), name, sum,
				     sizeof(sum));
	if (ret)
		return ret;
	if (kp_module_loaded(name))
		return load_existing(name, path, sum, all);
	if (kp_need_root("kpatch load"))
		return -EPERM;
	ret = kp_ensure_core();
	if (ret)
		return ret;
	kp_info("loading patch module: %s", path);
	ret = insert_retrying(path, name);
	if (ret)
		return ret;
	if (wait_enabled(name)) {
		/* Leave the kernel as it was before this command. */
		if (kp_patch_present(name) && kp_patch_enabled(name) == 1)
			kp_patch_set_enabled(name, 0);
		kp_remove_module(name);
		return -ETIMEDOUT;
	}
	kp_origin_record(name, path);
	report_enabled(name);
	return 0;
}

static int resolve(const char *arg, char *path)
{
	const char *rel = kp_running_release();
	int ret;

	if (kp_is_file(arg))
		return kp_path(path, "%s", arg);
	if (kp_exists(arg))
		return kp_check_regular(arg) ? -EINVAL : kp_path(path, "%s", arg);
	if (strchr(arg, '/') || kp_ends_with(arg, ".ko")) {
		if (!strchr(arg, '/') && !kp_find_installed(rel, arg, path))
			return 0;
		/* A directory we may not search hides the file: say so. */
		ret = kp_check_regular(arg);
		return ret ? ret : kp_path(path, "%s", arg);
	}
	if (!kp_find_installed(rel, arg, path))
		return 0;
	kp_err("%s: no such file, and no patch of that name is installed for kernel %s",
	       arg, rel);
	return -ENOENT;
}

static int load_all(void)
{
	const char *rel = kp_running_release();
	char dir[KP_PATH_MAX], path[KP_PATH_MAX], **files;
	int n, i, failed = 0;

	if (kp_path(dir, "%s/%s", kp_data_dir(), rel))
		return 1;
	n = kp_list_dir(dir, ".ko", false, &files);
	if (n < 0) {
		kp_err("cannot read %s: %s", dir, strerror(-n));
		return 1;
	}
	if (n == 0) {
		kp_info("no patches installed for kernel %s", rel);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (kp_path(path, "%s/%s", dir, files[i]) ||
		    load_file(path, true))
			failed++;
	if (failed)
		kp_err("%d of %d installed patches failed to load", failed, n);
	else
		kp_info("%d installed patch%s loaded", n, n == 1 ? "" : "es");
	kp_free_list(files, n);
	return failed ? 1 : 0;
}

int cmd_load(int argc, char **argv)
{
	char path[KP_PATH_MAX];
	const char *arg = NULL;
	bool all;
	int ret;

	ret = kp_all_or_one("load", argc, argv, usage,
			    "missing MODULE.ko or NAME", &all, &arg);
	if (ret >= 0)
		return ret;
	if (all)
		return load_all();
	if (resolve(arg, path))
		return 1;
	return load_file(path, false) ? 1 : 0;
}
