// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kpatch unload [--all] NAME`: disable a loaded patch (the core reverts its
 * functions), wait for the transition and remove the patch module. If the
 * module cannot be removed the patch is enabled again, so a failed unload
 * leaves the kernel as it found it. The core module itself stays loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kpatch.h"

static void usage(void)
{
	fputs("usage: kpatch unload [--all] NAME\n"
	      "\n"
	      "Disable a loaded patch and remove its module. NAME is the module\n"
	      "name (kpatch_foo), its file name (kpatch-foo.ko) or a path to it.\n"
	      "\n"
	      "  -a, --all    unload every loaded patch\n"
	      "  -h, --help   show this help\n", stdout);
}

/* 1 when the core pinned the patch module for having applied a forced function. */
static int patch_forced(const char *name)
{
	char path[KP_PATH_MAX], val[32];

	if (kp_patch_attr_path(path, name, "forced") ||
	    kp_read_attr(path, val, sizeof(val)))
		return 0;	/* an older core without the file */
	return !strcmp(val, "1");
}

static int unload_one(const char *name)
{
	int en;

	if (!kp_patch_present(name)) {
		if (kp_module_loaded(name))
			kp_err("%s is not a kpatch patch module; it is left loaded",
			       name);
		else
			kp_err("%s is not loaded", name);
		return -ENOENT;
	}
	if (kp_need_root("kpatch unload"))
		return -EPERM;
	en = kp_patch_enabled(name);
	if (en < 0) {
		kp_err("cannot read the state of %s: %s", name, strerror(-en));
		return en;
	}
	if (en == 1) {
		kp_info("disabling patch module: %s", name);
		if (kp_patch_set_enabled(name, 0))
			return -EIO;
	}
	if (patch_forced(name)) {
		kp_err("%s stays loaded (disabled): it applied a forced function, which a task may still be running, so kpatch.ko keeps its module for good (reboot to remove it)",
		       name);
		return -EBUSY;
	}
	kp_info("unloading patch module: %s", name);
	if (kp_remove_module(name)) {
		if (en == 1 && !kp_patch_set_enabled(name, 1))
			kp_err("%s was enabled again as it was before", name);
		return -EBUSY;
	}
	kp_info("%s: unloaded", name);
	return 0;
}

/* Newest-looking first: reverse name order is all sysfs can tell us. */
static int unload_all(void)
{
	char dir[KP_PATH_MAX], **names;
	int n, i, failed = 0;

	if (kp_path(dir, "%s/kernel/kpatch", kp_sysfs()))
		return 1;
	n = kp_list_dir(dir, NULL, true, &names);
	if (n < 0) {
		kp_err("cannot read %s: %s", dir, strerror(-n));
		return 1;
	}
	if (n == 0) {
		kp_info("no patches loaded");
		return 0;
	}
	if (kp_need_root("kpatch unload")) {
		kp_free_list(names, n);
		return 1;
	}
	for (i = n - 1; i >= 0; i--)
		if (unload_one(names[i]))
			failed++;
	kp_free_list(names, n);
	if (failed) {
		kp_err("%d of %d loaded patches could not be unloaded", failed,
		       n);
		return 1;
	}
	return 0;
}

int cmd_unload(int argc, char **argv)
{
	char name[KP_NAME_MAX];
	const char *arg = NULL;
	bool all;
	int ret;

	ret = kp_all_or_one("unload", argc, argv, usage, "missing NAME",
			    &all, &arg);
	if (ret >= 0)
		return ret;
	if (all)
		return unload_all();
	kp_module_name(arg, name);
	if (!name[0])
		return kp_usage_error("unload", "empty NAME");
	return unload_one(name) ? 1 : 0;
}
