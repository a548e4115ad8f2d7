// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the facts file into objects and build facts, and the counts of
 * the summary. Nothing is dropped: a kind this file does not know, or a
 * line without its tabs, is kept and shown under "other".
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* The order of the groups in both outputs, the most important first. */
const struct kind_info report_kinds[] = {
	{ "refused", "Refused", "refused" },
	{ "changed", "Replaced functions (why)", "changed" },
	{ "inline-only", "Replaced only because something they inline changed", "inline_only" },
	{ "force", "Replaced because the author forced it (KPATCH_FORCE_UNSAFE)", "forced" },
	{ "new-func", "New functions", "new_functions" },
	{ "new-data", "New data", "new_data" },
	{ "static-fresh", "Static locals that start fresh (the patch's own copy)", "statics_fresh" },
	{ "static-shared", "Static locals shared with the kernel", "statics_shared" },
	{ "special", "Special-section entries carried", "special" },
	{ "line-only", "Ignored: only line numbers differ", "line_only" },
	{ "lines", "Source lines", "lines" },
	{ "layout", "Layout check", "layout" },
	{ "hook", "Hooks", "hooks" },
	{ "callback", "Callbacks", "callbacks" },
	{ "shadow", "Shadow variable ids", "shadow" },
	{ "risk", "Risks", "risks" },
};
const int report_nkinds = sizeof(report_kinds) / sizeof(report_kinds[0]);

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("kpatch-report: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	return strcpy(xrealloc(NULL, strlen(s) + 1), s);
}

static void add_fact(struct fact **arr, int *n, int *cap, const char *kind,
		     const char *name, const char *detail)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*arr = xrealloc(*arr, (size_t)*cap * sizeof(**arr));
	}
	(*arr)[*n].kind = xstrdup(kind);
	(*arr)[*n].name = xstrdup(name);
	(*arr)[*n].detail = xstrdup(detail);
	(*n)++;
}

static struct object *object(struct report *r, const char *name)
{
	struct object *o;
	int i;

	for (i = 0; i < r->nobjs; i++)
		if (!strcmp(r->objs[i].name, name))
			return &r->objs[i];
	if (r->nobjs == r->capobjs) {
		r->capobjs = r->capobjs ? r->capobjs * 2 : 8;
		r->objs = xrealloc(r->objs, (size_t)r->capobjs * sizeof(*r->objs));
	}
	o = &r->objs[r->nobjs++];
	memset(o, 0, sizeof(*o));
	o->name = xstrdup(name);
	return o;
}

/* Splits at the first n-1 tabs; missing fields are "". */
static int split(char *line, char **f, int n)
{
	int i, got = 1;
	char *tab;

	f[0] = line;
	for (i = 1; i < n; i++) {
		tab = f[i - 1] ? strchr(f[i - 1], '\t') : NULL;
		if (tab) {
			*tab = '\0';
			f[i] = tab + 1;
			got++;
		} else {
			f[i] = NULL;
		}
	}
	for (i = 0; i < n; i++)
		if (!f[i])
			f[i] = "";
	return got;
}

static void take_line(struct report *r, char *line)
{
	struct object *o;
	char *f[4];

	if (split(line, f, 4) < 3) {
		/* Not a fact: kept whole, so nothing written is lost. */
		r->malformed++;
		add_fact(&r->build, &r->nbuild, &r->capbuild, "malformed", "-", f[0]);
		return;
	}
	if (!strcmp(f[0], "-")) {
		add_fact(&r->build, &r->nbuild, &r->capbuild, f[1], f[2], f[3]);
		return;
	}
	o = object(r, f[0]);
	if (!strcmp(f[1], "object")) {
		free(o->parent);
		free(o->outcome);
		o->parent = xstrdup(f[2]);
		o->outcome = xstrdup(f[3]);
		return;
	}
	add_fact(&o->facts, &o->n, &o->cap, f[1], f[2], f[3]);
}

int report_read(FILE *f, struct report *r)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t len;

	memset(r, 0, sizeof(*r));
	while ((len = getline(&line, &size, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len)
			take_line(r, line);
	}
	free(line);
	return ferror(f) ? -1 : 0;
}

static void free_facts(struct fact *f, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(f[i].kind);
		free(f[i].name);
		free(f[i].detail);
	}
	free(f);
}

void report_free(struct report *r)
{
	int i;

	free_facts(r->build, r->nbuild);
	for (i = 0; i < r->nobjs; i++) {
		free(r->objs[i].name);
		free(r->objs[i].parent);
		free(r->objs[i].outcome);
		free_facts(r->objs[i].facts, r->objs[i].n);
	}
	free(r->objs);
	memset(r, 0, sizeof(*r));
}

/* The first build fact KEY, or NULL. */
const char *report_build(const struct report *r, const char *key)
{
	int i;

	for (i = 0; i < r->nbuild; i++)
		if (!strcmp(r->build[i].kind, "build") &&
		    !strcmp(r->build[i].name, key))
			return r->build[i].detail;
	return NULL;
}

const struct kind_info *report_kind(const char *kind)
{
	int i;

	for (i = 0; i < report_nkinds; i++)
		if (!strcmp(report_kinds[i].kind, kind))
			return &report_kinds[i];
	return NULL;
}

/* The kinds that put a function into the patch (its source lines go there). */
bool report_is_function_kind(const char *kind)
{
	return !strcmp(kind, "changed") || !strcmp(kind, "inline-only") ||
	       !strcmp(kind, "force") || !strcmp(kind, "new-func");
}

bool report_has_function(const struct object *o, const char *name)
{
	int i;

	for (i = 0; i < o->n; i++)
		if (report_is_function_kind(o->facts[i].kind) &&
		    !strcmp(o->facts[i].name, name))
			return true;
	return false;
}

/* "" and "-" both mean the fact has no detail. */
bool report_is_empty(const char *s)
{
	return !s || !*s || !strcmp(s, "-");
}

/* Whether an earlier fact of o names the same replaced function. */
static bool replaced_before(const struct object *o, int upto)
{
	int i;

	for (i = 0; i < upto; i++)
		if (strcmp(o->facts[i].kind, "new-func") &&
		    report_is_function_kind(o->facts[i].kind) &&
		    !strcmp(o->facts[i].name, o->facts[upto].name))
			return true;
	return false;
}

/* Whether o has a fact KIND about NAME. */
static bool has_kind(const struct object *o, const char *kind, const char *name)
{
	int i;

	for (i = 0; i < o->n; i++)
		if (!strcmp(o->facts[i].kind, kind) && !strcmp(o->facts[i].name, name))
			return true;
	return false;
}

static void add_layout(struct summary *s, const struct report *r,
		       const struct object *o, const char *detail)
{
	size_t used = strlen(s->layout);

	snprintf(s->layout + used, sizeof(s->layout) - used, "%s%s%s%s",
		 used ? "; " : "", r->nobjs > 1 ? o->name : "",
		 r->nobjs > 1 ? ": " : "", detail);
}

static void count_fact(struct summary *s, const struct report *r,
		       const struct object *o, int i)
{
	const struct fact *f = &o->facts[i];

	if (!strcmp(f->kind, "new-func"))
		s->new_funcs++;
	else if (report_is_function_kind(f->kind) && !replaced_before(o, i))
		s->replaced++;
	if (!strcmp(f->kind, "inline-only") && !has_kind(o, "changed", f->name) &&
	    !replaced_before(o, i))
		s->inline_only++;
	else if (!strcmp(f->kind, "new-data"))
		s->new_data++;
	else if (!strcmp(f->kind, "refused"))
		s->refused++;
	else if (!strcmp(f->kind, "risk"))
		s->risks++;
	else if (!strcmp(f->kind, "layout") && !strcmp(f->name, "-"))
		add_layout(s, r, o, f->detail);
}

void report_summarize(const struct report *r, struct summary *s)
{
	const struct object *o;
	int i, j;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < r->nobjs; i++) {
		o = &r->objs[i];
		s->objects++;
		if (o->outcome && !strcmp(o->outcome, "patched"))
			s->objects_patched++;
		for (j = 0; j < o->n; j++)
			count_fact(s, r, o, j);
	}
}

/* The build facts both outputs show in their own places, not under "other". */
bool report_known_build(const struct fact *f)
{
	static const char *const keys[] = {
		"name", "module", "result", "error", "kernel_release",
		"source_version", "config_sha256", "vmlinux_sha256",
		"kpatch_version", "date", "checksum", "replace",
	};
	size_t i;

	if (!strcmp(f->kind, "patch"))
		return true;
	if (strcmp(f->kind, "build"))
		return false;
	for (i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (!strcmp(f->name, keys[i]))
			return true;
	return false;
}
