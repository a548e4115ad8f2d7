// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kpatch info [--json] NAME|MODULE.ko`: a loaded patch's state, checksum,
 * last transition, objects and functions (from sysfs), and the .modinfo
 * and checksum of its file when it is installed or given as a path, and the
 * reviewer's report the module carries (report.c). Any part that cannot be
 * read makes the exit status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kpatch.h"

struct info {
	char name[KP_NAME_MAX];
	char path[KP_PATH_MAX];	/* the file, when there is one */
	bool loaded, have_file;
	int enabled;
	char replace[16], transition[256], window[64], sum[128];
	struct kp_func *funcs;
	int nfuncs;
	char *objects;		/* "NAME STATE" lines */
	struct kp_modinfo mi;
	bool have_mi, given;	/* given: the file was named as a path */
	struct kp_report rep;
};

static int read_attr(const char *name, const char *attr, char *buf,
		     size_t size)
{
	char path[KP_PATH_MAX];
	int ret = kp_patch_attr_path(path, name, attr);

	buf[0] = '\0';
	if (!ret)
		ret = kp_read_attr(path, buf, size);
	if (ret)
		kp_err("cannot read %s: %s", path, strerror(-ret));
	return ret;
}

/* Everything sysfs says about a loaded patch; non-zero if a part failed. */
static int gather_loaded(struct info *in)
{
	char path[KP_PATH_MAX];
	int bad = 0;

	in->enabled = kp_patch_enabled(in->name);
	if (in->enabled < 0) {
		kp_err("cannot read the state of %s: %s", in->name,
		       strerror(-in->enabled));
		bad = 1;
	}
	bad |= !!read_attr(in->name, "replace", in->replace, sizeof(in->replace));
	bad |= !!read_attr(in->name, "last_transition", in->transition,
			   sizeof(in->transition));
	bad |= !!read_attr(in->name, "last_window_ns", in->window,
			   sizeof(in->window));
	bad |= !!kp_patch_checksum(in->name, in->sum, sizeof(in->sum));
	in->nfuncs = kp_patch_funcs(in->name, &in->funcs);
	if (in->nfuncs < 0) {
		kp_err("cannot read the functions of %s: %s%s", in->name,
		       strerror(-in->nfuncs), in->nfuncs == -EACCES ?
		       " (only root can: they show kernel addresses)" : "");
		bad = 1;
	}
	if (!kp_patch_attr_path(path, in->name, "objects"))
		in->objects = kp_read_file(path, NULL);
	if (!in->objects) {
		kp_err("cannot read %s: %s", path, strerror(errno));
		bad = 1;
	}
	return bad;
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

static void text_loaded(const struct info *in)
{
	char *copy, *line, *save = NULL;
	int i, n = 0;

	printf("Loaded: yes, %s\n", in->enabled == 1 ? "enabled" :
	       in->enabled == 0 ? "disabled" : "state unknown");
	printf("Replace: %s\n", !strcmp(in->replace, "1") ? "yes" : "no");
	print_transition(in->transition);
	printf("Last stop_machine window: %s ns\n", in->window);
	printf("Checksum: %s\n", *in->sum ? in->sum : "none");
	puts("Objects (OBJECT STATE):");
	copy = in->objects ? strdup(in->objects) : NULL;
	for (line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save), n++)
		printf("  %s\n", line);
	if (!n)
		puts("  (none)");
	free(copy);
	puts("Functions (OBJECT NAME SYMPOS OLD_ADDR NEW_ADDR STATE):");
	for (i = 0; i < in->nfuncs; i++)
		printf("  %s %s %lu %s %s %s\n", in->funcs[i].obj,
		       in->funcs[i].name, in->funcs[i].sympos,
		       in->funcs[i].old_addr, in->funcs[i].new_addr,
		       in->funcs[i].state);
	if (in->nfuncs <= 0)
		puts("  (none)");
}

static void text_info(const struct info *in)
{
	const char *e;
	size_t pos = 0;

	printf("Patch: %s\n", in->name);
	if (in->loaded)
		text_loaded(in);
	else
		puts("Loaded: no");
	if (!in->have_file)
		return;
	printf("File: %s\n", in->path);
	if (!in->have_mi)
		return;
	printf("File checksum: %s\n", in->mi.checksum ? in->mi.checksum : "none");
	puts("Module info:");
	while (kp_modinfo_next(&in->mi, &pos, &e))
		printf("  %s\n", e);
}

/* What is known from sysfs and the file, then the report, if any. */
static void text_all(const struct info *in)
{
	text_info(in);
	kp_report_print(&in->rep);
}

static void json_opt_str(const char *key, const char *val, bool comma)
{
	printf("%s\"%s\":", comma ? "," : "", key);
	if (val && *val)
		kp_json_str(val);
	else
		fputs("null", stdout);
}

static void json_objects(const char *objs)
{
	char *copy = objs ? strdup(objs) : NULL, *line, *save = NULL, *sp;
	int n = 0;

	fputs(",\"objects\":[", stdout);
	for (line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		sp = strchr(line, ' ');
		if (sp)
			*sp++ = '\0';
		printf("%s{\"name\":", n++ ? "," : "");
		kp_json_str(line);
		json_opt_str("state", sp, true);
		putchar('}');
	}
	putchar(']');
	free(copy);
}

static void json_loaded(const struct info *in)
{
	char event[64] = "";
	long long secs = -1;
	int i;

	printf(",\"state\":\"%s\",\"replace\":%s", in->enabled == 1 ? "enabled" :
	       in->enabled == 0 ? "disabled" : "unknown",
	       !strcmp(in->replace, "1") ? "true" : "false");
	json_opt_str("checksum", in->sum, true);
	if (sscanf(in->transition, "%63s %lld", event, &secs) == 2)
		printf(",\"last_transition\":{\"event\":\"%s\",\"time\":%lld}",
		       event, secs);
	else
		fputs(",\"last_transition\":null", stdout);
	printf(",\"last_window_ns\":%s", *in->window ? in->window : "null");
	json_objects(in->objects);
	fputs(",\"functions\":[", stdout);
	for (i = 0; i < in->nfuncs; i++) {
		printf("%s{\"object\":", i ? "," : "");
		kp_json_str(in->funcs[i].obj);
		fputs(",\"function\":", stdout);
		kp_json_str(in->funcs[i].name);
		printf(",\"sympos\":%lu,\"old_addr\":\"%s\",\"new_addr\":\"%s\",\"state\":\"%s\"}",
		       in->funcs[i].sympos, in->funcs[i].old_addr,
		       in->funcs[i].new_addr, in->funcs[i].state);
	}
	putchar(']');
}

static void json_modinfo(const struct info *in)
{
	const char *e, *eq;
	size_t pos = 0;
	int n = 0;

	json_opt_str("file_checksum", in->mi.checksum, true);
	fputs(",\"modinfo\":[", stdout);
	while (kp_modinfo_next(&in->mi, &pos, &e)) {
		eq = strchr(e, '=');
		printf("%s{\"key\":", n++ ? "," : "");
		if (eq) {
			char key[KP_NAME_MAX];

			snprintf(key, sizeof(key), "%.*s", (int)(eq - e), e);
			kp_json_str(key);
		} else {
			kp_json_str(e);
		}
		fputs(",\"value\":", stdout);
		kp_json_str(eq ? eq + 1 : "");
		putchar('}');
	}
	putchar(']');
}

/* What is unknown for a patch that is not loaded, or has no file. */
static void json_unloaded(void)
{
	fputs(",\"state\":null,\"replace\":null,\"checksum\":null,"
	      "\"last_transition\":null,\"last_window_ns\":null,"
	      "\"objects\":null,\"functions\":null", stdout);
}

/* The same keys whether or not the patch is loaded or has a file. */
static void json_info(const struct info *in)
{
	fputs("{\"name\":", stdout);
	kp_json_str(in->name);
	printf(",\"loaded\":%s", in->loaded ? "true" : "false");
	if (in->loaded)
		json_loaded(in);
	else
		json_unloaded();
	json_opt_str("file", in->have_file ? in->path : NULL, true);
	if (in->have_mi)
		json_modinfo(in);
	else
		fputs(",\"file_checksum\":null,\"modinfo\":null", stdout);
	kp_report_print_json(&in->rep);
	puts("}");
}

/* The file named by arg: a path, or a patch installed for this kernel. */
static int find_file(const char *arg, struct info *in)
{
	if (kp_exists(arg) && (strchr(arg, '/') || kp_ends_with(arg, ".ko"))) {
		if (kp_check_regular(arg))
			return -EINVAL;
		in->given = true;
		return kp_path(in->path, "%s", arg) ? -ENAMETOOLONG : 1;
	}
	return kp_find_installed(kp_running_release(), arg, in->path) ? 0 : 1;
}

int cmd_info(int argc, char **argv)
{
	const char *help = "usage: kpatch info [--json] NAME|MODULE.ko\n\n"
			   "Show a patch's state, checksum, objects, functions and\n"
			   "last transition if it is loaded, and the checksum and\n"
			   "module info of its file if it is installed or given as\n"
			   "a path, and the reviewer's report kpatch-build put in\n"
			   "the module (of the loaded build: the file kpatch load\n"
			   "loaded it from, or the installed copy). Exits 1 if any\n"
			   "of it cannot be read.\n\n"
			   "  -j, --json   the same as one JSON object\n"
			   "  -h, --help   show this help\n";
	struct info in;
	const char *arg;
	bool json;
	int ret, bad = 0;

	ret = kp_json_flag("info", argc, argv, help, &json, &arg);
	if (ret >= 0)
		return ret;
	memset(&in, 0, sizeof(in));
	kp_module_name(arg, in.name);
	ret = find_file(arg, &in);
	if (ret < 0)
		return 1;
	in.have_file = ret == 1;
	in.loaded = kp_patch_present(in.name);
	if (!in.loaded && !in.have_file) {
		kp_err("%s is not loaded and not installed for kernel %s", arg,
		       kp_running_release());
		return 1;
	}
	if (in.loaded)
		bad |= gather_loaded(&in);
	if (in.have_file) {
		in.have_mi = !kp_modinfo_open(in.path, &in.mi);
		bad |= !in.have_mi;
	}
	kp_report_find(in.name, in.loaded ? in.sum : NULL,
		       in.given ? in.path : NULL,
		       in.have_file && !in.given ? in.path : NULL, &in.rep);
	if (in.rep.bad_json) {
		kp_err("%s: the JSON report (.kpatch.report.json) is not valid JSON",
		       in.rep.path);
		bad = 1;
	}
	if (json)
		json_info(&in);
	else
		text_all(&in);
	kp_report_free(&in.rep);
	free(in.funcs);
	free(in.objects);
	if (in.have_mi)
		kp_modinfo_close(&in.mi);
	return bad;
}
