// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing each symbol and section of the patched object with its "twin" in
 * the original. Names are the key, except where the compiler numbers them
 * (static locals "count.3", clones "foo.isra.0"): those numbers shift when
 * unrelated code changes, so they are matched by base name, and when the
 * base name alone is ambiguous, by the functions that use them.
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"

static void pair(struct symbol *p, struct symbol *o, const char *why)
{
	p->twin = o;
	o->twin = p;
	if (strcmp(p->name, o->name) || log_debug_on)
		log_debug("correlated %s -> %s (%s)", p->name, o->name, why);
}

static bool same_kind(const struct symbol *a, const struct symbol *b)
{
	return a->type == b->type && !a->sec == !b->sec;
}

static bool skip(const struct symbol *s)
{
	return !s->index || s->type == STT_SECTION || s->type == STT_FILE;
}

static void by_name(struct cdo *c)
{
	size_t i;

	for (i = 1; i < c->patched->nr_syms; i++) {
		struct symbol *p = &c->patched->syms[i], *o;

		if (skip(p) || p->twin || is_numbered(p->name))
			continue;
		o = find_symbol(c->orig, p->name);
		if (o && !o->twin && same_kind(p, o))
			pair(p, o, "same name");
	}
}

/* The function, if exactly one, whose code refers to sym. */
static struct symbol *sole_user(struct elf *e, struct symbol *sym)
{
	struct symbol *user = NULL;
	size_t i, j;

	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (!is_text(s) || !s->sym)
			continue;
		for (j = 0; j < s->nr_relocs; j++) {
			struct symbol *t = s->relocs[j].sym;

			if (t == sym || (t->type == STT_SECTION && t->sec &&
					 t->sec == sym->sec && t->sec->sym == sym)) {
				if (user && user != s->sym)
					return NULL;
				user = s->sym;
				break;
			}
		}
	}
	return user;
}

static bool same_user(struct cdo *c, struct symbol *p, struct symbol *o)
{
	struct symbol *pu = sole_user(c->patched, p);
	struct symbol *ou = sole_user(c->orig, o);

	return pu && ou && (pu->twin == ou || !strcmp(pu->name, ou->name));
}

static size_t candidates(struct elf *e, struct symbol *p, struct symbol **out,
			 size_t max)
{
	size_t i, n = 0, len = base_len(p->name);

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *o = &e->syms[i];

		if (skip(o) || o->twin || !same_kind(p, o) ||
		    base_len(o->name) != len || strncmp(o->name, p->name, len))
			continue;
		if (n < max)
			out[n] = o;
		n++;
	}
	return n;
}

/*
 * Numbered names: a unique base name pairs directly; otherwise the
 * candidate used by the same function wins. An unpaired numbered static
 * local whose base name exists in the original is ambiguous, not new.
 */
static void by_base_name(struct cdo *c)
{
	struct symbol *cand[64];
	size_t i, j, n;

	for (i = 1; i < c->patched->nr_syms; i++) {
		struct symbol *p = &c->patched->syms[i], *hit = NULL;

		if (skip(p) || p->twin || base_len(p->name) == strlen(p->name))
			continue;
		n = candidates(c->orig, p, cand, 64);
		if (n == 1 && candidates(c->patched, p, cand + 1, 1) <= 1) {
			/* p itself is untwinned, so it counts as one. */
			hit = cand[0];
			pair(p, hit, "unique base name");
			continue;
		}
		for (j = 0; j < n && j < 64; j++) {
			if (!same_user(c, p, cand[j]))
				continue;
			if (hit) {
				hit = NULL;
				break;
			}
			hit = cand[j];
		}
		if (hit)
			pair(p, hit, "same base name, same user");
		else if (n && p->type == STT_OBJECT && p->sec)
			refuse(c, "static local %s: cannot tell which of %zu "
			       "same-named variables of the original it is",
			       p->name, n);
	}
}

static void sections(struct cdo *c)
{
	size_t i;

	for (i = 1; i < c->patched->nr_secs; i++) {
		struct section *p = &c->patched->secs[i], *o;

		if (p->sym) {
			if (p->sym->twin && p->sym->twin->sec &&
			    p->sym->twin->sec->sym == p->sym->twin)
				p->twin = p->sym->twin->sec;
		} else if (p->sh.sh_type != SHT_RELA) {
			o = find_section(c->orig, p->name);
			if (o && !o->sym && !o->twin)
				p->twin = o;
		}
		if (p->twin)
			p->twin->twin = p;
	}
	/* Relocation sections and section symbols follow their sections. */
	for (i = 1; i < c->patched->nr_secs; i++) {
		struct section *p = &c->patched->secs[i];

		if (!p->twin)
			continue;
		if (p->rela && p->twin->rela) {
			p->rela->twin = p->twin->rela;
			p->twin->rela->twin = p->rela;
		}
		if (p->secsym && p->twin->secsym) {
			p->secsym->twin = p->twin->secsym;
			p->twin->secsym->twin = p->secsym;
		}
	}
}

void correlate(struct cdo *c)
{
	by_name(c);
	by_base_name(c);
	sections(c);
}
