// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict on the types changed and new functions use (layout.c): each
 * is compared with the original object's type of the same key; a changed
 * one that a changed function uses is refused, naming the type, what moved
 * and the functions, unless the author's KPATCH_IGNORE_LAYOUT names it,
 * which is recorded. Every changed type is a "layout" fact for the report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "layout.h"
#include "log.h"

struct acks {
	const char **names;	/* KPATCH_IGNORE_LAYOUT arguments */
	bool *used;
	size_t n;
};

/* "foo" or "\"foo\"" (a string given to the macro) names struct foo too. */
static bool ack_matches(const char *name, const char *key)
{
	const char *tagless = strchr(key, ' ');
	size_t n = strlen(name);

	if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
		name++;
		n -= 2;
	}
	return (strlen(key) == n && !strncmp(key, name, n)) ||
	       (tagless && strlen(tagless + 1) == n && !strncmp(tagless + 1, name, n));
}

static void read_acks(struct cdo *c, struct acks *a)
{
	struct section *s = find_section(c->patched, ".kpatch.ignore.layouts");
	size_t i;

	memset(a, 0, sizeof(*a));
	if (!s || !s->nr_relocs)
		return;
	a->names = calloc(s->nr_relocs, sizeof(*a->names));
	a->used = calloc(s->nr_relocs, sizeof(*a->used));
	if (!a->names || !a->used)
		die(CDO_ERROR, "out of memory");
	for (i = 0; i < s->nr_relocs; i++) {
		const char *name = reloc_string(&s->relocs[i]);

		if (!name || !*name)
			die(CDO_ERROR, "KPATCH_IGNORE_LAYOUT entry %zu is not a name", i);
		a->names[a->n++] = name;
	}
}

static const char *acked(struct acks *a, const char *key)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (ack_matches(a->names[i], key)) {
			a->used[i] = true;
			return a->names[i];
		}
	return NULL;
}

/* "changed function foo", "new functions foo, bar and 2 more". */
static void users(const struct use *u, int k, char *buf, size_t len)
{
	size_t i, n = u->nr_users[k], shown = n < MAX_NAMED ? n : MAX_NAMED;
	int w = snprintf(buf, len, "%s function%s", k == USE_NEW ? "new" : "changed",
			 n > 1 ? "s" : "");

	for (i = 0; i < shown && w > 0 && (size_t)w < len; i++)
		w += snprintf(buf + w, len - w, "%s%s", i ? ", " : " ", u->users[k][i]);
	if (n > shown && w > 0 && (size_t)w < len)
		snprintf(buf + w, len - w, " and %zu more", n - shown);
}

/* The name to give KPATCH_IGNORE_LAYOUT: "foo" for "struct foo". */
static const char *macro_name(const char *key)
{
	const char *sp = strchr(key, ' ');

	return sp ? sp + 1 : key;
}

static void verdict(struct cdo *c, const struct use *u, const char *what,
		    struct acks *a)
{
	char who[512];
	const char *ack;

	if (!u->nr_users[USE_CHANGED]) {
		users(u, USE_NEW, who, sizeof(who));
		log_info("%s changed layout (%s), used only by %s: data only new "
			 "code makes, not refused", u->key, what, who);
		report_fact("layout", u->key, "changed layout (%s), used only by %s: "
			    "not refused, no existing function uses it", what, who);
		return;
	}
	users(u, USE_CHANGED, who, sizeof(who));
	ack = acked(a, u->key);
	if (ack) {
		log_info("%s changed layout (%s), used by %s: acknowledged by "
			 "KPATCH_IGNORE_LAYOUT(%s)", u->key, what, who, ack);
		report_fact("layout", u->key, "changed layout acknowledged by "
			    "KPATCH_IGNORE_LAYOUT: %s; used by %s", what, who);
		return;
	}
	refuse(c, "%s changed layout (%s), used by %s: existing kernel data of "
	       "this type keeps the old layout; use a shadow variable "
	       "(klp_shadow_*), a callback, or keep the layout; "
	       "KPATCH_IGNORE_LAYOUT(%s) if you have proven it safe", u->key,
	       what, who, macro_name(u->key));
	report_fact("layout", u->key, "refused: changed layout (%s), used by %s",
		    what, who);
}

void report_layouts(struct cdo *c, struct use *uses, size_t nr,
		    struct dwobj *orig)
{
	size_t i, compared = 0, changed = 0;
	struct acks a;
	char what[1024];

	read_acks(c, &a);
	for (i = 0; i < nr; i++) {
		struct use *u = &uses[i];
		Dwarf_Die *o = dwobj_find(&orig->types, u->key);

		if (!o) {
			log_debug("%s: new in the patched object, no existing "
				  "data has it", u->key);
			continue;
		}
		compared += u->nr_users[USE_CHANGED] > 0;
		if (!layout_diff(o, &u->die, what, sizeof(what)))
			continue;
		changed += u->nr_users[USE_CHANGED] > 0;
		verdict(c, u, what, &a);
	}
	for (i = 0; i < a.n; i++)
		if (!a.used[i])
			log_info("KPATCH_IGNORE_LAYOUT(%s): no type of that name "
				 "that a changed function uses changed layout",
				 a.names[i]);
	report_fact("layout", "-", "%zu types used by changed functions compared, "
		    "%zu changed", compared, changed);
	free(a.names);
	free(a.used);
}
