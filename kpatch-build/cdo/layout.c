// SPDX-License-Identifier: GPL-2.0
/*
 * Struct layouts the patch changes under existing kernel data. A patched
 * function that reads a struct with a member added in the middle reads the
 * kernel's objects, laid out the old way, at the new offsets. So for every
 * changed function the types it uses are compared, from the DWARF of the
 * two objects, and a struct, union or enum whose size, members (offset,
 * bit offset, type) or enumerator values differ is refused by name, unless
 * the author acknowledges it with KPATCH_IGNORE_LAYOUT(type).
 *
 * A function uses a type when the type is reachable from the function's
 * DIEs (its return type, formal parameters and variables, those of its
 * lexical blocks and of the functions inlined into it) or from the types
 * of the variables its code refers to through relocations (globals and
 * statics): through typedefs, qualifiers and arrays, through one level of
 * pointer (a "struct foo *" parameter uses struct foo, "struct foo **"
 * does not), and through the members a used struct or union embeds by
 * value, recursively (not through its pointer members). Types are named
 * by tag and name ("struct foo"); an anonymous one by the typedef naming
 * it; one with neither is part of the named type embedding it.
 *
 * A type the original object's DWARF does not have is new: only new code
 * can hold it. A changed type that only new functions use is not refused
 * (only new code makes data of it; old code using it did not change, so
 * what it reads did not move) and is reported as such. Objects without
 * DWARF on either side are not checked, which is said once.
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "layout.h"
#include "log.h"

#define MAX_DEPTH 64
enum fn_kind { FN_NONE, FN_CHANGED, FN_NEW };

struct walk {
	struct dwobj *d;	/* the patched object's DWARF */
	struct use *uses;
	size_t nr_uses, cap_uses;
	size_t id;		/* the function being walked, from 1 */
	const char *fn;
	enum fn_kind kind;
	Dwarf_Off *seen;	/* aggregates visited for this function */
	size_t nr_seen, cap_seen;
};

static void *grow(void *v, size_t *cap, size_t size)
{
	*cap = *cap ? 2 * *cap : 64;
	v = realloc(v, *cap * size);
	if (!v)
		die(CDO_ERROR, "out of memory");
	return v;
}

static bool seen(struct walk *w, Dwarf_Off off)
{
	size_t i;

	for (i = 0; i < w->nr_seen; i++)
		if (w->seen[i] == off)
			return true;
	if (w->nr_seen == w->cap_seen)
		w->seen = grow(w->seen, &w->cap_seen, sizeof(*w->seen));
	w->seen[w->nr_seen++] = off;
	return false;
}

static void count_use(struct walk *w, const char *key, Dwarf_Die *die)
{
	struct use *u = NULL;
	size_t i, k = w->kind == FN_NEW ? USE_NEW : USE_CHANGED;

	for (i = 0; i < w->nr_uses && !u; i++)
		if (!strcmp(w->uses[i].key, key))
			u = &w->uses[i];
	if (!u) {
		if (w->nr_uses == w->cap_uses)
			w->uses = grow(w->uses, &w->cap_uses, sizeof(*w->uses));
		u = &w->uses[w->nr_uses++];
		memset(u, 0, sizeof(*u));
		snprintf(u->key, sizeof(u->key), "%s", key);
		u->die = *die;
	}
	if (u->last_walk == w->id)
		return;
	u->last_walk = w->id;
	if (u->nr_users[k] < MAX_NAMED)
		u->users[k][u->nr_users[k]] = w->fn;
	u->nr_users[k]++;
}

static void reach_type(struct walk *w, Dwarf_Die *t, int ptrs,
		       const char *alias, int depth);

static void reach_aggregate(struct walk *w, Dwarf_Die *t, const char *alias,
			    int depth)
{
	bool named;
	char key[160];
	Dwarf_Die def = *t, m, mt;

	named = type_key(t, alias, key, sizeof(key));
	if (dwarf_hasattr(t, DW_AT_declaration)) {
		Dwarf_Die *d = named ? dwobj_find(&w->d->types, key) : NULL;

		if (!d)
			return;	/* opaque here: this object cannot see inside */
		def = *d;
	}
	if (seen(w, dwarf_dieoffset(&def)))
		return;
	if (named)
		count_use(w, key, &def);
	if (dwarf_tag(&def) == DW_TAG_enumeration_type || dwarf_child(&def, &m))
		return;
	do {
		if (dwarf_tag(&m) == DW_TAG_member && die_type(&m, &mt))
			reach_type(w, &mt, 0, NULL, depth + 1);
	} while (dwarf_siblingof(&m, &m) == 0);
}

static void reach_type(struct walk *w, Dwarf_Die *t, int ptrs,
		       const char *alias, int depth)
{
	Dwarf_Die next;

	if (depth > MAX_DEPTH)
		return;
	switch (dwarf_tag(t)) {
	case DW_TAG_typedef:
		alias = die_name(t);
		/* fall through */
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		if (die_type(t, &next))
			reach_type(w, &next, ptrs, alias, depth + 1);
		break;
	case DW_TAG_array_type:
		if (die_type(t, &next))
			reach_type(w, &next, ptrs, NULL, depth + 1);
		break;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
		if (ptrs > 0 && die_type(t, &next))
			reach_type(w, &next, ptrs - 1, NULL, depth + 1);
		break;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
		reach_aggregate(w, t, alias, depth);
		break;
	default:
		break;
	}
}

/* Parameters and variables of a function, its blocks and inlined calls. */
static void walk_scope(struct walk *w, Dwarf_Die *scope, int depth)
{
	Dwarf_Die c, t;

	if (depth > MAX_DEPTH || dwarf_child(scope, &c) != 0)
		return;
	do {
		switch (dwarf_tag(&c)) {
		case DW_TAG_formal_parameter:
		case DW_TAG_variable:
			if (die_type(&c, &t))
				reach_type(w, &t, 1, NULL, 0);
			break;
		case DW_TAG_lexical_block:
		case DW_TAG_inlined_subroutine:
			walk_scope(w, &c, depth + 1);
			break;
		default:
			break;
		}
	} while (dwarf_siblingof(&c, &c) == 0);
}

static enum fn_kind fn_kind(const struct symbol *s)
{
	if (!is_func(s) || !s->sec || !is_text(s->sec) || s->ignore ||
	    !strncmp(s->name, "__pfx_", 6))
		return FN_NONE;
	if (s->status == ST_NEW)
		return FN_NEW;
	if (s->twin && (s->status == ST_CHANGED || s->include))
		return FN_CHANGED;
	return FN_NONE;
}

/* foo.isra.0, foo.cold: the source function is foo. */
static void source_name(const char *sym, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", (int)strcspn(sym, "."), sym);
}

static void walk_function(struct cdo *c, struct walk *w, struct symbol *f)
{
	struct hash_node *hn;
	struct reloc *r;
	char name[256];
	Dwarf_Die t;
	size_t i, nr;

	w->id++;
	w->fn = f->name;
	w->kind = fn_kind(f);
	w->nr_seen = 0;
	source_name(f->name, name, sizeof(name));
	hash_for_each_key(&w->d->funcs.hash, name, hn) {
		Dwarf_Die *die = &((struct named_die *)hn->owner)->die;

		if (die_type(die, &t))
			reach_type(w, &t, 1, NULL, 0);
		walk_scope(w, die, 0);
	}
	nr = symbol_relocs(f, &r);
	for (i = 0; i < nr; i++) {
		struct symbol *v = reloc_target(c->patched, &r[i]);
		Dwarf_Die *die;

		if (!v || v->type != STT_OBJECT)
			continue;
		source_name(v->name, name, sizeof(name));
		die = dwobj_find(&w->d->vars, name);
		if (die && die_type(die, &t))
			reach_type(w, &t, 1, NULL, 0);
	}
}

void check_layouts(struct cdo *c)
{
	struct dwobj orig, patched;
	struct walk w = { .d = &patched };
	struct dwobj *failed = NULL;
	char why[256];
	size_t i;

	for (i = 1; i < c->patched->nr_syms; i++)
		if (fn_kind(&c->patched->syms[i]) != FN_NONE)
			break;
	if (i == c->patched->nr_syms)
		return;		/* no function of the patch uses anything */
	if (!dwobj_open(&patched, c->patched->path, why, sizeof(why)))
		failed = &patched;
	else if (!dwobj_open(&orig, c->orig->path, why, sizeof(why)))
		failed = &orig;
	if (failed) {
		if (failed == &orig)
			dwobj_close(&patched);
		log_info("no DWARF in %s: layout check skipped (%s)", failed->path, why);
		report_fact("layout", "-", "no DWARF in %s: layout check skipped (%s)",
			    failed->path, why);
		return;
	}
	for (i = 1; i < c->patched->nr_syms; i++)
		if (fn_kind(&c->patched->syms[i]) != FN_NONE)
			walk_function(c, &w, &c->patched->syms[i]);
	report_layouts(c, w.uses, w.nr_uses, &orig);
	free(w.uses);
	free(w.seen);
	dwobj_close(&orig);
	dwobj_close(&patched);
}
