// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reviewer's report kpatch-build puts in a patch module (.kpatch.report,
 * text, and .kpatch.report.json), found for `kpatch info`: the file given
 * as a path; for a loaded patch the file `kpatch load` recorded, or the
 * installed copy, whichever is the loaded build (same checksum); else the
 * installed copy. When there is none, why is said.
 */
#include <stdio.h>
#include <string.h>

#include "kpatch.h"

static bool open_file(const char *path, struct kp_report *rep)
{
	if (kp_modinfo_open(path, &rep->mi))
		return false;
	rep->have_mi = true;
	snprintf(rep->path, sizeof(rep->path), "%s", path);
	return true;
}

/* Whether PATH is the loaded build; *why says how it is not. */
static bool is_loaded_build(const char *path, const char *loaded_sum,
			    const char *what, char *why, size_t size)
{
	struct kp_modinfo mi;
	char sum[128];

	if (!kp_is_file(path)) {
		snprintf(why, size, "%s %s is gone", what, path);
		return false;
	}
	if (kp_modinfo_open(path, &mi)) {
		snprintf(why, size, "%s %s is not a readable module", what, path);
		return false;
	}
	snprintf(sum, sizeof(sum), "%s", mi.checksum ? mi.checksum : "");
	kp_modinfo_close(&mi);
	if (!strcmp(sum, loaded_sum))
		return true;
	snprintf(why, size, "%s %s is another build (checksum %s, the loaded one's %s)",
		 what, path, *sum ? sum : "none", *loaded_sum ? loaded_sum : "none");
	return false;
}

/* A loaded patch: the recorded origin, then the installed copy. */
static void find_loaded(const char *name, const char *loaded_sum,
			const char *installed, struct kp_report *rep)
{
	char origin[KP_PATH_MAX], why1[KP_PATH_MAX + 128] = "";
	char why2[KP_PATH_MAX + 128] = "";

	if (!kp_origin_path(name, origin)) {
		if (is_loaded_build(origin, loaded_sum, "the file it was loaded from,",
				    why1, sizeof(why1)) && open_file(origin, rep))
			return;
	} else {
		snprintf(why1, sizeof(why1),
			 "kpatch load recorded no file for it in %s/loaded (loaded by other means, or before a reboot of %s)",
			 kp_run_dir(), kp_run_dir());
	}
	if (installed && is_loaded_build(installed, loaded_sum,
					 "the installed copy", why2, sizeof(why2)) &&
	    open_file(installed, rep))
		return;
	if (!installed)
		snprintf(why2, sizeof(why2), "no copy is installed for kernel %s",
			 kp_running_release());
	snprintf(rep->why, sizeof(rep->why), "no file of the loaded build was found: %s; %s",
		 why1, why2);
}

/*
 * given: a file named on the command line; installed: the installed copy
 * (either may be NULL); loaded_sum: the loaded patch's checksum, or NULL
 * when it is not loaded.
 */
void kp_report_find(const char *name, const char *loaded_sum,
		    const char *given, const char *installed,
		    struct kp_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	if (given) {
		if (!open_file(given, rep))
			snprintf(rep->why, sizeof(rep->why), "%s cannot be read", given);
	} else if (loaded_sum) {
		find_loaded(name, loaded_sum, installed, rep);
	} else if (installed && !open_file(installed, rep)) {
		snprintf(rep->why, sizeof(rep->why), "%s cannot be read", installed);
	}
	if (!rep->have_mi)
		return;
	if (!rep->mi.report)
		snprintf(rep->why, sizeof(rep->why),
			 "%s carries no report (built by a kpatch-build without reports, or not by kpatch-build)",
			 rep->path);
	else if (rep->mi.report_json &&
		 !kp_json_valid(rep->mi.report_json, rep->mi.report_json_size))
		rep->bad_json = true;
}

/* The text, indented, control bytes other than newline as \xNN. */
void kp_report_print(const struct kp_report *rep)
{
	const unsigned char *p, *end;
	bool bol = true;

	if (!rep->mi.report) {
		printf("Report: none (%s)\n", *rep->why ? rep->why : "no file");
		return;
	}
	printf("Report (from %s):\n", rep->path);
	p = (const unsigned char *)rep->mi.report;
	for (end = p + rep->mi.report_size; p < end; p++) {
		if (bol && *p != '\n')
			fputs("  ", stdout);
		bol = *p == '\n';
		if (*p == '\n' || (*p >= 0x20 && *p != 0x7f))
			putchar(*p);
		else if (*p)
			printf("\\x%02x", *p);
	}
	if (!bol)
		putchar('\n');
}

/* ,"report": the module's JSON report as it is, or null. */
void kp_report_print_json(const struct kp_report *rep)
{
	const char *s = rep->mi.report_json;
	size_t n = rep->mi.report_json_size;

	fputs(",\"report\":", stdout);
	if (!s || rep->bad_json) {
		fputs("null", stdout);
		return;
	}
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\0'))
		n--;
	fwrite(s, 1, n, stdout);
}

void kp_report_free(struct kp_report *rep)
{
	if (rep->have_mi)
		kp_modinfo_close(&rep->mi);
	rep->have_mi = false;
}
