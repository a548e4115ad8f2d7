// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kpatch-report [--json] FACTS: print the reviewer's report of a
 * kpatch-build run, assembled from its facts file, as text or as JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static int usage(FILE *f)
{
	fputs("usage: kpatch-report [--json] FACTS\n"
	      "Print the reviewer's report of a kpatch-build run from its facts\n"
	      "file (OBJECT<TAB>KIND<TAB>NAME<TAB>DETAIL lines), as text, or\n"
	      "with --json as JSON (format 1, see man kpatch-build).\n", f);
	return f == stdout ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	bool json = false;
	struct report r;
	FILE *f;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(stdout);
		else if (argv[i][0] == '-' && argv[i][1])
			return usage(stderr);
		else if (!path)
			path = argv[i];
		else
			return usage(stderr);
	}
	if (!path)
		return usage(stderr);
	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		fprintf(stderr, "kpatch-report: cannot read %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	ret = report_read(f, &r);
	if (f != stdin)
		fclose(f);
	if (ret) {
		fprintf(stderr, "kpatch-report: error reading %s\n", path);
		report_free(&r);
		return 1;
	}
	if (json)
		report_json(&r);
	else
		report_text(&r);
	report_free(&r);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "kpatch-report: writing the report failed\n");
		return 1;
	}
	return 0;
}
