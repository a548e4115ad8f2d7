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

/* Dynamic debug descriptors are paired by dyndbg.c alone. */
static bool skip(const struct symbol *s)
{
	return !s->index || s->type == STT_SECTION || s->type == STT_FILE ||
	       (s->sec && !strcmp(s->sec->name, "__dyndbg"));
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

/* Record, for every symbol, which functions refer to it. */
static void find_users(struct elf *e)
{
	size_t i, j;

	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (!is_text(s))
			continue;
		for (j = 0; j < s->nr_relocs; j++) {
			struct symbol *t = s->relocs[j].sym;
			struct symbol *u = s->sym ? s->sym :
					   symbol_at(e, s, s->relocs[j].offset);

			if (t->type == STT_SECTION)
				t = reloc_symbol_at(e, &s->relocs[j]);
			if (!t || !u || t->last_user == u)
				continue;
			t->last_user = u;
			t->users_sig += base_hash(u->name);
			t->nr_users++;
		}
	}
}

static bool same_user(struct symbol *p, struct symbol *o)
{
	return p->nr_users == o->nr_users && p->users_sig == o->users_sig;
}

static size_t candidates(struct elf *e, struct symbol *p, struct symbol **out,
			 size_t max)
{
	size_t i, n = 0;

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *o = &e->syms[i];

		if (skip(o) || o->twin || !same_kind(p, o) ||
		    !same_base(o->name, p->name))
			continue;
		if (n < max)
			out[n] = o;
		n++;
	}
	return n;
}

/* Position of s among the same-base symbols with the same users. */
static size_t rank_among(struct elf *e, struct symbol *s)
{
	size_t i, rank = 0;

	for (i = 1; i < s->index; i++) {
		struct symbol *o = &e->syms[i];

		if (skip(o) || o->type != s->type || !same_base(o->name, s->name))
			continue;
		if (same_user(o, s))
			rank++;
	}
	return rank;
}

static bool refers_to(struct elf *e, struct symbol *f, struct symbol *s)
{
	struct reloc *r;
	size_t i, n = symbol_relocs(f, &r);

	for (i = 0; i < n; i++)
		if (reloc_target(e, &r[i]) == s)
			return true;
	return false;
}

/*
 * Every function of the original that used clone o, and is still there,
 * uses p instead: the patch added a caller, which changed p's users, but
 * the callers o had agree.
 */
static bool users_kept(struct cdo *c, struct symbol *p, struct symbol *o)
{
	size_t i, agree = 0;

	for (i = 1; i < c->orig->nr_syms; i++) {
		struct symbol *u = &c->orig->syms[i];

		if (!is_func(u) || !u->sec || !is_text(u->sec) || !u->twin ||
		    !u->twin->sec || !refers_to(c->orig, u, o))
			continue;
		if (!refers_to(c->patched, u->twin, p))
			return false;
		agree++;
	}
	return agree > 0;
}

static struct symbol *by_kept_users(struct cdo *c, struct symbol *p,
				    struct symbol **cand, size_t n)
{
	struct symbol *hit = NULL;
	size_t i;

	if (!is_func(p))
		return NULL;
	for (i = 0; i < n && i < 64; i++) {
		if (!users_kept(c, p, cand[i]))
			continue;
		if (hit)
			return NULL;
		hit = cand[i];
	}
	return hit;
}

/* foo.constprop.1.cold is the .cold part of foo.constprop.1's twin. */
static struct symbol *child_of_twin(struct symbol *p, struct symbol **cand,
				    size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		if (p->parent->twin && cand[i]->parent == p->parent->twin)
			return cand[i];
	return NULL;
}

/*
 * Numbered names: a unique base name pairs directly. Otherwise candidates
 * used by the same function win; among several of those (two mutex keys
 * in one function), the same name, else the same order of appearance;
 * with none, the one clone whose original callers all call it still.
 * A .cold part is its parent's twin's.
 * An unpaired numbered static local whose base name exists in the
 * original is ambiguous, not new.
 */
static struct symbol *pick(struct cdo *c, struct symbol *p,
			   struct symbol **cand, size_t n)
{
	struct symbol *hits[64];
	size_t i, nh = 0, rank;

	if (p->parent)
		return child_of_twin(p, cand, n);
	if (n == 1 && candidates(c->patched, p, hits, 1) <= 1)
		return cand[0];
	for (i = 0; i < n && i < 64; i++)
		if (same_user(p, cand[i]))
			hits[nh++] = cand[i];
	if (nh == 1)
		return hits[0];
	for (i = 0; i < nh; i++)
		if (!strcmp(hits[i]->name, p->name))
			return hits[i];
	if (!nh)
		return by_kept_users(c, p, cand, n);
	rank = rank_among(c->patched, p);
	for (i = 0; i < nh; i++)
		if (rank_among(c->orig, hits[i]) == rank)
			return hits[i];
	return NULL;
}

/*
 * Functions first: their pairs decide their .cold parts' and the static
 * locals' (statics.c).
 */
enum pass { FUNCTIONS, PARTS, OBJECTS };

static bool in_pass(const struct symbol *p, enum pass pass)
{
	if (p->type == STT_OBJECT)
		return pass == OBJECTS;
	return pass == (p->parent ? PARTS : FUNCTIONS);
}

static void by_base_name(struct cdo *c, enum pass pass)
{
	struct symbol *cand[64], *hit;
	size_t i, n;

	for (i = 1; i < c->patched->nr_syms; i++) {
		struct symbol *p = &c->patched->syms[i];

		if (skip(p) || p->twin || base_len(p->name) == strlen(p->name) ||
		    !in_pass(p, pass))
			continue;
		/*
		 * Numbered objects in sections no patch keeps (the
		 * __UNIQUE_ID___addressable_* pointers __ADDRESSABLE() puts in
		 * .discard.addressable, one per DECLARE_PCI_FIXUP; the tables
		 * themselves are tables.c's) need no twin.
		 */
		if (p->sec && is_ignored_section(p->sec))
			continue;
		n = candidates(c->orig, p, cand, 64);
		if (p->type == STT_OBJECT && p->sec && match_static_local(c, p, n))
			continue;
		hit = n ? pick(c, p, cand, n) : NULL;
		if (hit)
			pair(p, hit, "same base name");
		else if (n && p->type == STT_OBJECT && p->sec)
			refuse(c, "static local %s: cannot tell which of %zu "
			       "same-named variables of the original it is",
			       p->name, n);
	}
}

/* The section SHF_LINK_ORDER ties s to, if any. */
static struct section *linked_to(struct elf *e, const struct section *s)
{
	if (!(s->sh.sh_flags & SHF_LINK_ORDER) || !s->sh.sh_link ||
	    s->sh.sh_link >= e->nr_secs)
		return NULL;
	return &e->secs[s->sh.sh_link];
}

/* How many sections named like s come before it in e. */
static size_t rank_of(struct elf *e, const struct section *s)
{
	struct hash_node *n;
	size_t k = 0;

	hash_for_each_key(&e->sec_hash, s->name, n)
		if (((struct section *)n->owner)->index < s->index)
			k++;
	return k;
}

/*
 * The original's section of p's name. Several sections may share a name
 * (per-function __patchable_function_entries from some compilers, sections
 * made with ",unique,N"): each is compared with its own twin, the one tied
 * to the twin of p's linked section (SHF_LINK_ORDER), or else the one at
 * the same rank among those of that name.
 */
static struct section *named_twin(struct cdo *c, struct section *p)
{
	struct section *lp = linked_to(c->patched, p), *o;
	size_t k = rank_of(c->patched, p);
	struct hash_node *n;

	hash_for_each_key(&c->orig->sec_hash, p->name, n) {
		o = n->owner;
		if (lp && lp->twin) {
			if (linked_to(c->orig, o) == lp->twin)
				return o;
		} else if (rank_of(c->orig, o) == k) {
			return o;
		}
	}
	return NULL;
}

static void sections(struct cdo *c)
{
	size_t i;

	/* Sections of one function or object first: others may link to them. */
	for (i = 1; i < c->patched->nr_secs; i++) {
		struct section *p = &c->patched->secs[i];

		if (p->sym && p->sym->twin && p->sym->twin->sec &&
		    p->sym->twin->sec->sym == p->sym->twin) {
			p->twin = p->sym->twin->sec;
			p->twin->twin = p;
		}
	}
	for (i = 1; i < c->patched->nr_secs; i++) {
		struct section *p = &c->patched->secs[i], *o;

		if (p->sym || p->sh.sh_type == SHT_RELA)
			continue;
		o = named_twin(c, p);
		if (o && !o->sym && !o->twin) {
			p->twin = o;
			o->twin = p;
		}
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
	find_users(c->orig);
	find_users(c->patched);
	dyndbg_correlate(c);
	by_name(c);
	by_base_name(c, FUNCTIONS);
	by_base_name(c, PARTS);
	vote_static_locals(c);
	by_base_name(c, OBJECTS);
	sections(c);
}
