// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The text report: readable in a minute for a one-function fix. The
 * result and a summary line first, then the kernel and patch it is for,
 * refusals and risks, and last each object's facts grouped by kind.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

/* Control bytes as \xNN, so a name cannot move the terminal's cursor. */
static void put(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
}

static const char *or_unknown(const char *s)
{
	return report_is_empty(s) ? "unknown" : s;
}

static void plural(int n, const char *one, const char *many)
{
	printf("%d %s", n, n == 1 ? one : many);
}

static void summary_line(const struct summary *s)
{
	fputs("Summary: ", stdout);
	plural(s->objects, "object", "objects");
	fputs(", ", stdout);
	plural(s->replaced, "function replaced", "functions replaced");
	if (s->inline_only)
		printf(" (%d only for what they inline)", s->inline_only);
	fputs(", ", stdout);
	plural(s->new_funcs, "new function", "new functions");
	printf(", %d new data, %d refused, ", s->new_data, s->refused);
	plural(s->risks, "risk", "risks");
	fputs("; layout check: ", stdout);
	put(*s->layout ? s->layout : "not reported");
	putchar('\n');
}

static void header(const struct report *r, const struct summary *s)
{
	const char *result = report_build(r, "result");
	const char *error = report_build(r, "error");
	int i, n = 0;

	fputs("kpatch-build report for ", stdout);
	put(or_unknown(report_build(r, "name")));
	putchar('\n');
	if (result && strcmp(result, "built")) {
		fputs(!strcmp(result, "refused") ? "REFUSED: " : "FAILED: ", stdout);
		put(report_is_empty(error) ? "no module was built" : error);
		putchar('\n');
	} else if (result) {
		fputs("Result: built ", stdout);
		put(or_unknown(report_build(r, "module")));
		putchar('\n');
	}
	summary_line(s);
	fputs("Kernel: ", stdout);
	put(or_unknown(report_build(r, "kernel_release")));
	fputs(", source ", stdout);
	put(or_unknown(report_build(r, "source_version")));
	fputs(", config sha256 ", stdout);
	put(or_unknown(report_build(r, "config_sha256")));
	fputs(", vmlinux sha256 ", stdout);
	put(or_unknown(report_build(r, "vmlinux_sha256")));
	fputs("\nPatch:", stdout);
	for (i = 0; i < r->nbuild; i++) {
		if (strcmp(r->build[i].kind, "patch"))
			continue;
		fputs(n++ ? ", " : " ", stdout);
		put(r->build[i].name);
		fputs(" (sha256 ", stdout);
		put(or_unknown(r->build[i].detail));
		putchar(')');
	}
	if (!n)
		fputs(" unknown", stdout);
	fputs("\nBuilt by kpatch-build ", stdout);
	put(or_unknown(report_build(r, "kpatch_version")));
	fputs(" on ", stdout);
	put(or_unknown(report_build(r, "date")));
	if (!report_is_empty(report_build(r, "checksum"))) {
		fputs("; module checksum ", stdout);
		put(report_build(r, "checksum"));
	}
	if (!report_is_empty(report_build(r, "replace"))) {
		fputs("; replaces other patches: ", stdout);
		put(report_build(r, "replace"));
	}
	putchar('\n');
}

/* "OBJ: NAME: DETAIL" of every fact KIND, under TITLE; nothing if none. */
static void across_objects(const struct report *r, const char *kind,
			   const char *title)
{
	const struct fact *f;
	int i, j, n = 0;

	for (i = 0; i < r->nobjs; i++) {
		for (j = 0; j < r->objs[i].n; j++) {
			f = &r->objs[i].facts[j];
			if (strcmp(f->kind, kind))
				continue;
			if (!n++)
				printf("\n%s:\n", title);
			fputs("  ", stdout);
			put(r->objs[i].name);
			fputs(": ", stdout);
			put(f->name);
			if (!report_is_empty(f->detail)) {
				fputs(": ", stdout);
				put(f->detail);
			}
			putchar('\n');
		}
	}
}

/* The source lines of function NAME, indented under it. */
static void lines_of(const struct object *o, const char *name)
{
	int i;

	for (i = 0; i < o->n; i++) {
		if (strcmp(o->facts[i].kind, "lines") ||
		    strcmp(o->facts[i].name, name))
			continue;
		fputs("      source: ", stdout);
		put(o->facts[i].detail);
		putchar('\n');
	}
}

static bool shown(const struct object *o, const struct fact *f)
{
	const struct kind_info *k = report_kind(f->kind);

	if (!k)
		return false;
	/* Source lines are shown under their function when it is listed. */
	return strcmp(f->kind, "lines") || !report_has_function(o, f->name);
}

/* Whether fact i repeats an earlier fact's kind and name (shown with it). */
static bool seen(const struct object *o, int i)
{
	int j;

	for (j = 0; j < i; j++)
		if (!strcmp(o->facts[j].kind, o->facts[i].kind) &&
		    !strcmp(o->facts[j].name, o->facts[i].name))
			return true;
	return false;
}

/* One line per name: its details joined, its source lines below it. */
static void item(const struct object *o, int i)
{
	const struct fact *f = &o->facts[i];
	int j, n = 0;

	fputs("    ", stdout);
	put(strcmp(f->name, "-") ? f->name : "(summary)");
	for (j = i; j < o->n; j++) {
		if (strcmp(o->facts[j].kind, f->kind) ||
		    strcmp(o->facts[j].name, f->name) ||
		    report_is_empty(o->facts[j].detail))
			continue;
		fputs(n++ ? "; " : ": ", stdout);
		put(o->facts[j].detail);
	}
	putchar('\n');
	if (report_is_function_kind(f->kind))
		lines_of(o, f->name);
}

static void group(const struct object *o, const struct kind_info *k)
{
	const struct fact *f;
	int i, n = 0;

	for (i = 0; i < o->n; i++) {
		f = &o->facts[i];
		if (strcmp(f->kind, k->kind) || !shown(o, f) || seen(o, i))
			continue;
		if (!n++)
			printf("  %s:\n", k->heading);
		item(o, i);
	}
}

/* Facts of kinds this file does not know, as they were written. */
static void others(const struct fact *f, int nf, bool build)
{
	int i, n = 0;

	for (i = 0; i < nf; i++) {
		if (report_kind(f[i].kind) && !build)
			continue;
		if (build && report_known_build(&f[i]))
			continue;
		if (!n++)
			printf(build ? "\nOther facts:\n" : "  Other facts:\n");
		fputs(build ? "  " : "    ", stdout);
		put(f[i].kind);
		putchar(' ');
		put(f[i].name);
		if (!report_is_empty(f[i].detail)) {
			fputs(": ", stdout);
			put(f[i].detail);
		}
		putchar('\n');
	}
}

static void object(const struct object *o)
{
	int k;

	fputs("\nObject ", stdout);
	put(o->name);
	if (o->parent) {
		fputs(" (in ", stdout);
		put(o->parent);
		putchar(')');
	}
	if (o->outcome) {
		fputs(": ", stdout);
		put(o->outcome);
	}
	putchar('\n');
	for (k = 0; k < report_nkinds; k++)
		group(o, &report_kinds[k]);
	others(o->facts, o->n, false);
	if (!o->n)
		puts("  (no facts recorded)");
}

void report_text(const struct report *r)
{
	struct summary s;
	int i;

	report_summarize(r, &s);
	header(r, &s);
	across_objects(r, "refused", "Refused");
	across_objects(r, "risk", "Risks");
	for (i = 0; i < r->nobjs; i++)
		object(&r->objs[i]);
	others(r->build, r->nbuild, true);
}
