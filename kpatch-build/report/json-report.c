// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON report, format 1 (man kpatch-build, REPORT): every key is
 * always present, with null for what is unknown and [] for an empty
 * list, so a reader needs no existence checks. Strings go through
 * kpatch's own escaper (bytes that are not UTF-8 as \u00XX).
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

static void str_or_null(const char *s)
{
	if (report_is_empty(s))
		fputs("null", stdout);
	else
		kp_json_str(s);
}

static void key_str(const char *key, const char *val, bool comma)
{
	printf("%s\"%s\":", comma ? "," : "", key);
	str_or_null(val);
}

static void build_key(const struct report *r, const char *key, bool comma)
{
	key_str(key, report_build(r, key), comma);
}

static void patch(const struct report *r)
{
	int i, n = 0;

	fputs(",\"patch\":{", stdout);
	build_key(r, "name", false);
	build_key(r, "module", true);
	build_key(r, "checksum", true);
	build_key(r, "replace", true);
	build_key(r, "kpatch_version", true);
	build_key(r, "date", true);
	fputs(",\"files\":[", stdout);
	for (i = 0; i < r->nbuild; i++) {
		if (strcmp(r->build[i].kind, "patch"))
			continue;
		printf("%s{", n++ ? "," : "");
		key_str("file", r->build[i].name, false);
		key_str("sha256", r->build[i].detail, true);
		putchar('}');
	}
	fputs("]}", stdout);
}

static void kernel(const struct report *r)
{
	fputs(",\"kernel\":{", stdout);
	build_key(r, "kernel_release", false);
	build_key(r, "source_version", true);
	build_key(r, "config_sha256", true);
	build_key(r, "vmlinux_sha256", true);
	putchar('}');
}

static void summary(const struct summary *s)
{
	printf(",\"summary\":{\"objects\":%d,\"objects_patched\":%d,"
	       "\"functions_replaced\":%d,\"inline_only\":%d,"
	       "\"new_functions\":%d,\"new_data\":%d,\"refused\":%d,"
	       "\"risks\":%d", s->objects, s->objects_patched, s->replaced,
	       s->inline_only, s->new_funcs, s->new_data, s->refused, s->risks);
	key_str("layout", s->layout, true);
	putchar('}');
}

/* "why" and "lines" of a replaced function, each a list of strings. */
static void strings_of(const struct object *o, const char *kind,
		       const char *name)
{
	int i, n = 0;

	putchar('[');
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->facts[i].kind, kind) ||
		    strcmp(o->facts[i].name, name) ||
		    report_is_empty(o->facts[i].detail))
			continue;
		if (n++)
			putchar(',');
		kp_json_str(o->facts[i].detail);
	}
	putchar(']');
}

/* "changed": one entry per function, however many facts say why. */
static void changed(const struct object *o)
{
	int i, j, n = 0;

	fputs(",\"changed\":[", stdout);
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->facts[i].kind, "changed"))
			continue;
		for (j = 0; j < i; j++)
			if (!strcmp(o->facts[j].kind, "changed") &&
			    !strcmp(o->facts[j].name, o->facts[i].name))
				break;
		if (j < i)
			continue;
		printf("%s{\"function\":", n++ ? "," : "");
		kp_json_str(o->facts[i].name);
		fputs(",\"why\":", stdout);
		strings_of(o, "changed", o->facts[i].name);
		fputs(",\"lines\":", stdout);
		strings_of(o, "lines", o->facts[i].name);
		putchar('}');
	}
	putchar(']');
}

static void entries(const struct object *o, const struct kind_info *k)
{
	int i, n = 0;

	printf(",\"%s\":[", k->key);
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->facts[i].kind, k->kind))
			continue;
		printf("%s{", n++ ? "," : "");
		key_str("name", o->facts[i].name, false);
		key_str("detail", o->facts[i].detail, true);
		putchar('}');
	}
	putchar(']');
}

/* Facts of unknown kinds (and, at the top, unknown build facts). */
static void other(const struct fact *f, int nf, bool build)
{
	int i, n = 0;

	fputs(",\"other\":[", stdout);
	for (i = 0; i < nf; i++) {
		if (build ? report_known_build(&f[i]) : report_kind(f[i].kind) != NULL)
			continue;
		printf("%s{", n++ ? "," : "");
		key_str("kind", f[i].kind, false);
		key_str("name", f[i].name, true);
		key_str("detail", f[i].detail, true);
		putchar('}');
	}
	putchar(']');
}

static void object(const struct object *o, bool comma)
{
	int k;

	printf("%s{", comma ? "," : "");
	key_str("name", o->name, false);
	key_str("parent", o->parent, true);
	key_str("outcome", o->outcome, true);
	changed(o);
	for (k = 0; k < report_nkinds; k++)
		if (strcmp(report_kinds[k].kind, "changed"))
			entries(o, &report_kinds[k]);
	other(o->facts, o->n, false);
	putchar('}');
}

/* Top-level "refused" or "risks": every object's facts of KIND. */
static void across(const struct report *r, const char *kind, const char *key,
		   const char *namekey)
{
	const struct fact *f;
	int i, j, n = 0;

	printf(",\"%s\":[", key);
	for (i = 0; i < r->nobjs; i++) {
		for (j = 0; j < r->objs[i].n; j++) {
			f = &r->objs[i].facts[j];
			if (strcmp(f->kind, kind))
				continue;
			printf("%s{", n++ ? "," : "");
			key_str("object", r->objs[i].name, false);
			key_str(namekey, f->name, true);
			key_str("detail", f->detail, true);
			putchar('}');
		}
	}
	putchar(']');
}

void report_json(const struct report *r)
{
	struct summary s;
	int i;

	report_summarize(r, &s);
	fputs("{\"format\":1", stdout);
	build_key(r, "result", true);
	build_key(r, "error", true);
	patch(r);
	kernel(r);
	summary(&s);
	fputs(",\"objects\":[", stdout);
	for (i = 0; i < r->nobjs; i++)
		object(&r->objs[i], i > 0);
	putchar(']');
	across(r, "risk", "risks", "function");
	across(r, "refused", "refused", "item");
	other(r->build, r->nbuild, true);
	puts("}");
}
