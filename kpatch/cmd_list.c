// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kpatch list [--json]`: the loaded patches (in stack order, oldest first)
 * with their state, which patch's version of each function is live, and
 * the installed patches per kernel; `kpatch log`: the core's timeline.
 * Neither needs root, and neither changes anything.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpatch.h"

/*
 * The option parsing list and info share: --json, --help, and for info
 * exactly one argument (arg non-NULL), for list none. Returns -1 to go
 * on, else the exit status.
 */
int kp_json_flag(const char *cmd, int argc, char **argv, const char *help,
		 bool *json, const char **arg)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, want = arg ? 1 : 0;

	*json = false;
	while ((c = getopt_long(argc, argv, "+:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			fputs(help, stdout);
			return 0;
		default:
			return kp_bad_option(cmd, argv, c);
		}
	}
	if (argc - optind != want)
		return kp_usage_error(cmd, argc - optind > want ?
				      "too many arguments" : "missing NAME");
	if (arg)
		*arg = argv[optind];
	return -1;
}

struct listing {
	bool core;
	char **names;		/* loaded patches, oldest first */
	int n;
	struct kp_live *live;
	int nlive;
	bool funcs_denied;	/* functions files are root-only */
};

static void gather(struct listing *l)
{
	memset(l, 0, sizeof(*l));
	l->core = kp_core_loaded();
	if (!l->core)
		return;
	l->n = kp_loaded_patches(&l->names);
	if (l->n < 0)
		l->n = 0;
	l->nlive = kp_live_functions(l->names, l->n, &l->live);
	l->funcs_denied = l->nlive == -EACCES;
	if (l->nlive < 0)
		l->nlive = 0;
}

static void release(struct listing *l)
{
	if (l->n > 0)
		kp_free_list(l->names, l->n);
	free(l->live);
}

static const char *state_word(int en)
{
	return en == 1 ? "enabled" : en == 0 ? "disabled" : "unknown";
}

/*
 * Upstream kpatch's layout, which scripts parse: each section is its
 * header and one line per patch, an empty section has no lines.
 */
static void text_loaded(const struct listing *l)
{
	int i;

	if (!l->core)
		kp_err("the kpatch core module is not loaded: no patch is loaded");
	puts("Loaded patch modules:");
	for (i = 0; i < l->n; i++)
		printf("%s [%s]\n", l->names[i],
		       state_word(kp_patch_enabled(l->names[i])));
}

/* Ours, after upstream's sections: which patch's version is live. */
static void text_live(const struct listing *l)
{
	int i;

	puts("Currently patched functions:");
	if (l->funcs_denied) {
		puts("(only root can read them: they show kernel addresses)");
		return;
	}
	if (!l->nlive)
		return;
	printf("%-12s %-36s %6s  %s\n", "OBJECT", "FUNCTION", "SYMPOS", "PATCH");
	for (i = 0; i < l->nlive; i++)
		printf("%-12s %-36s %6lu  %s\n", l->live[i].func.obj,
		       l->live[i].func.name, l->live[i].func.sympos,
		       l->live[i].patch);
}

/* Calls fn for every installed patch file: (kernel, file name, path). */
static int each_installed(void (*fn)(const char *, const char *,
				     const char *, int))
{
	char dir[KP_PATH_MAX], path[KP_PATH_MAX], **kvers, **files;
	int nk, nf, k, f, shown = 0;

	nk = kp_list_dir(kp_data_dir(), NULL, true, &kvers);
	for (k = 0; k < nk; k++) {
		if (kp_path(dir, "%s/%s", kp_data_dir(), kvers[k]))
			continue;
		nf = kp_list_dir(dir, ".ko", false, &files);
		for (f = 0; f < nf; f++)
			if (!kp_path(path, "%s/%s", dir, files[f]))
				fn(kvers[k], files[f], path, shown++);
		if (nf > 0)
			kp_free_list(files, nf);
	}
	if (nk > 0)
		kp_free_list(kvers, nk);
	return shown;
}

static void text_installed_one(const char *kver, const char *file,
			       const char *path, int i)
{
	char name[KP_NAME_MAX];

	(void)path;
	(void)i;
	kp_module_name(file, name);
	printf("%s (%s)\n", name, kver);
}

static void text_list(const struct listing *l)
{
	text_loaded(l);
	putchar('\n');
	puts("Installed patch modules:");
	each_installed(text_installed_one);
	putchar('\n');
	text_live(l);
}

static void json_installed_one(const char *kver, const char *file,
			       const char *path, int i)
{
	printf("%s{\"kernel\":", i ? "," : "");
	kp_json_str(kver);
	fputs(",\"file\":", stdout);
	kp_json_str(file);
	fputs(",\"path\":", stdout);
	kp_json_str(path);
	putchar('}');
}

static void json_list(const struct listing *l)
{
	char sum[128], path[KP_PATH_MAX], val[16];
	int i, en;

	printf("{\"core_loaded\":%s,\"loaded\":[", l->core ? "true" : "false");
	for (i = 0; i < l->n; i++) {
		en = kp_patch_enabled(l->names[i]);
		kp_patch_checksum(l->names[i], sum, sizeof(sum));
		val[0] = '\0';
		if (!kp_patch_attr_path(path, l->names[i], "replace"))
			kp_read_attr(path, val, sizeof(val));
		printf("%s{\"name\":", i ? "," : "");
		kp_json_str(l->names[i]);
		printf(",\"state\":\"%s\",\"replace\":%s,\"checksum\":",
		       state_word(en), !strcmp(val, "1") ? "true" : "false");
		if (*sum)
			kp_json_str(sum);
		else
			fputs("null", stdout);
		printf(",\"stack_position\":%d}", i);
	}
	fputs(l->funcs_denied ? "],\"patched_functions\":null" :
	      "],\"patched_functions\":[", stdout);
	for (i = 0; i < l->nlive; i++) {
		printf("%s{\"object\":", i ? "," : "");
		kp_json_str(l->live[i].func.obj);
		fputs(",\"function\":", stdout);
		kp_json_str(l->live[i].func.name);
		printf(",\"sympos\":%lu,\"patch\":", l->live[i].func.sympos);
		kp_json_str(l->live[i].patch);
		putchar('}');
	}
	fputs(l->funcs_denied ? ",\"installed\":[" : "],\"installed\":[", stdout);
	each_installed(json_installed_one);
	puts("]}");
}

int cmd_list(int argc, char **argv)
{
	struct listing l;
	bool json;
	int ret = kp_json_flag("list", argc, argv,
			       "usage: kpatch list [--json]\n\n"
			       "Show loaded patches (oldest first) with their state, which\n"
			       "patch's version of each function is live, then the patches\n"
			       "installed for each kernel version.\n\n"
			       "  -j, --json   the same as one JSON object\n"
			       "  -h, --help   show this help\n", &json, NULL);

	if (ret >= 0)
		return ret;
	gather(&l);
	if (json)
		json_list(&l);
	else
		text_list(&l);
	release(&l);
	return 0;
}

int cmd_log(int argc, char **argv)
{
	char path[KP_PATH_MAX], *buf;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		puts("usage: kpatch log\n\n"
		     "Print the core module's patch timeline, one event per\n"
		     "line, oldest first (format: see kpatch(1)).");
		return 0;
	}
	if (argc > 1)
		return kp_usage_error("log", argv[1][0] == '-' ?
				      "unknown option" : "too many arguments");
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
