// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The read-only commands: `kpatch list` (loaded patches and their state,
 * then installed patches per kernel), `kpatch info NAME` (functions,
 * objects and last transition of a loaded patch, and the .modinfo of its
 * file) and `kpatch log` (the core module's patch timeline). None needs
 * root, and none changes anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kpatch.h"

static int no_args(const char *cmd, int argc, char **argv, const char *help)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(help, stdout);
		return -1;
	}
	if (argc > 1)
		return kp_usage_error(cmd, argv[1][0] == '-' ?
				      "unknown option" : "too many arguments");
	return 0;
}

static void list_loaded(void)
{
	char dir[KP_PATH_MAX], **names;
	int n, i, en;

	puts("Loaded patch modules:");
	if (!kp_core_loaded()) {
		puts("(none: the kpatch core module is not loaded)");
		return;
	}
	if (kp_path(dir, "%s/kernel/kpatch", kp_sysfs()))
		return;
	n = kp_list_dir(dir, NULL, true, &names);
	if (n <= 0)
		puts("(none)");
	for (i = 0; i < n; i++) {
		en = kp_patch_enabled(names[i]);
		printf("%s [%s]\n", names[i],
		       en == 1 ? "enabled" : en == 0 ? "disabled" : "unknown");
	}
	if (n > 0)
		kp_free_list(names, n);
}

static void list_installed(void)
{
	char dir[KP_PATH_MAX], **kvers, **files;
	int nk, nf, k, f, shown = 0;

	puts("Installed patch modules:");
	nk = kp_list_dir(kp_data_dir(), NULL, true, &kvers);
	for (k = 0; k < nk; k++) {
		if (kp_path(dir, "%s/%s", kp_data_dir(), kvers[k]))
			continue;
		nf = kp_list_dir(dir, ".ko", false, &files);
		for (f = 0; f < nf; f++, shown++)
			printf("%s (%s)\n", files[f], kvers[k]);
		if (nf > 0)
			kp_free_list(files, nf);
	}
	if (nk > 0)
		kp_free_list(kvers, nk);
	if (!shown)
		puts("(none)");
}

int cmd_list(int argc, char **argv)
{
	int ret = no_args("list", argc, argv,
			  "usage: kpatch list\n\n"
			  "Show loaded patches with their state, then the patches\n"
			  "installed for each kernel version.\n");

	if (ret)
		return ret < 0 ? 0 : ret;
	list_loaded();
	putchar('\n');
	list_installed();
	return 0;
}

/* "apply 1763900000" -> "apply at 2025-11-23 12:13:20 UTC". */
static void print_transition(const char *val)
{
	char event[64], when[64];
	long long secs;
	struct tm tm;
	time_t t;

	if (sscanf(val, "%63s %lld", event, &secs) != 2) {
		printf("Last transition: %s\n", *val ? val : "none");
		return;
	}
	t = (time_t)secs;
	if (!gmtime_r(&t, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(when, sizeof(when), "%lld", secs);
	printf("Last transition: %s at %s\n", event, when);
}

static void print_indented(const char *name, const char *attr,
			   const char *title)
{
	char path[KP_PATH_MAX], *buf, *line, *save = NULL;
	int n = 0;

	printf("%s:\n", title);
	if (kp_patch_attr_path(path, name, attr))
		return;
	buf = kp_read_file(path, NULL);
	if (!buf) {
		printf("  (cannot read %s: %s)\n", path, strerror(errno));
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++)
		printf("  %s\n", line);
	if (!n)
		puts("  (none)");
	free(buf);
}

static void info_loaded(const char *name)
{
	char path[KP_PATH_MAX], val[256];
	int en = kp_patch_enabled(name);

	printf("Loaded: yes, %s\n",
	       en == 1 ? "enabled" : en == 0 ? "disabled" : "state unknown");
	if (!kp_patch_attr_path(path, name, "replace") &&
	    !kp_read_attr(path, val, sizeof(val)))
		printf("Replace: %s\n", !strcmp(val, "1") ? "yes" : "no");
	if (!kp_patch_attr_path(path, name, "last_transition") &&
	    !kp_read_attr(path, val, sizeof(val)))
		print_transition(val);
	if (!kp_patch_attr_path(path, name, "last_window_ns") &&
	    !kp_read_attr(path, val, sizeof(val)))
		printf("Last stop_machine window: %s ns\n", val);
	print_indented(name, "objects", "Objects (OBJECT STATE)");
	print_indented(name, "functions",
		       "Functions (OBJECT NAME SYMPOS OLD_ADDR NEW_ADDR STATE)");
}

static void info_file(const char *path)
{
	struct kp_modinfo mi;
	const char *e;
	size_t pos = 0;

	printf("File: %s\n", path);
	if (kp_modinfo_open(path, &mi))
		return;
	puts("Module info:");
	while (kp_modinfo_next(&mi, &pos, &e))
		printf("  %s\n", e);
	kp_modinfo_close(&mi);
}

int cmd_info(int argc, char **argv)
{
	const char *help = "usage: kpatch info NAME|MODULE.ko\n\n"
			   "Show a patch's state, objects, functions and last\n"
			   "transition if it is loaded, and the module info of\n"
			   "its file if it is installed or given as a path.\n";
	char name[KP_NAME_MAX], path[KP_PATH_MAX];
	bool loaded, have_file;
	const char *arg;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(help, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		return kp_usage_error("info", argc < 2 ? "missing NAME" :
				      argc > 2 ? "too many arguments" :
				      "unknown option");
	arg = argv[1];
	kp_module_name(arg, name);
	have_file = kp_is_file(arg) ? !kp_path(path, "%s", arg) :
		    !kp_find_installed(kp_running_release(), arg, path);
	loaded = kp_patch_present(name);
	if (!loaded && !have_file) {
		kp_err("%s is not loaded and not installed for kernel %s", arg,
		       kp_running_release());
		return 1;
	}
	printf("Patch: %s\n", name);
	if (loaded)
		info_loaded(name);
	else
		puts("Loaded: no");
	if (have_file)
		info_file(path);
	return 0;
}

int cmd_log(int argc, char **argv)
{
	char path[KP_PATH_MAX], *buf;
	int ret = no_args("log", argc, argv,
			  "usage: kpatch log\n\n"
			  "Print the core module's patch timeline, one event per\n"
			  "line, oldest first.\n");

	if (ret)
		return ret < 0 ? 0 : ret;
	if (!kp_core_loaded()) {
		kp_err("the kpatch core module is not loaded, so there is no patch timeline");
		return 1;
	}
	if (kp_path(path, "%s/kernel/kpatch/timeline", kp_sysfs()))
		return 1;
	buf = kp_read_file(path, NULL);
	if (!buf) {
		kp_err("cannot read %s: %s", path, strerror(errno));
		return 1;
	}
	fputs(buf, stdout);
	if (*buf && buf[strlen(buf) - 1] != '\n')
		putchar('\n');
	free(buf);
	return 0;
}
