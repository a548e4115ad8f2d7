// SPDX-License-Identifier: GPL-2.0
/*
 * Static locals by what their functions referenced. GCC numbers static
 * locals in the order it emits them ("lock.12"), so an unrelated change
 * renumbers them, and two functions each with a "static
 * DEFINE_SPINLOCK(lock)" give two "lock.N". The original function says
 * which one is meant: if foo referred to lock.12 and the patched foo refers
 * to lock.15, lock.15 is lock.12. Every twin function "votes" this way;
 * a static local is matched when its votes agree.
 */
#include <string.h>

#include "cdo.h"
#include "log.h"

#define MAX_REFS 256

struct refs {
	struct symbol *s[MAX_REFS];
	size_t n;
};

static bool is_numbered_object(const struct symbol *s)
{
	return s->type == STT_OBJECT && s->sec && base_len(s->name) != strlen(s->name);
}

/* The numbered objects f refers to, in order of first reference. */
static void collect(struct elf *e, struct symbol *f, struct refs *out)
{
	struct reloc *r;
	size_t i, j, n = symbol_relocs(f, &r);

	out->n = 0;
	for (i = 0; i < n && out->n < MAX_REFS; i++) {
		struct symbol *t = reloc_target(e, &r[i]);

		if (!t || !is_numbered_object(t))
			continue;
		for (j = 0; j < out->n && out->s[j] != t; j++)
			;
		if (j == out->n)
			out->s[out->n++] = t;
	}
}

/* Position of refs->s[i] among the same-base entries, and their count. */
static size_t rank(const struct refs *refs, size_t i, size_t *count)
{
	size_t j, r = 0;

	*count = 0;
	for (j = 0; j < refs->n; j++) {
		if (!same_base(refs->s[j]->name, refs->s[i]->name))
			continue;
		if (j < i)
			r++;
		(*count)++;
	}
	return r;
}

static struct symbol *nth_same_base(const struct refs *refs, const char *name,
				    size_t nth, size_t *count)
{
	struct symbol *hit = NULL;
	size_t j;

	*count = 0;
	for (j = 0; j < refs->n; j++)
		if (same_base(refs->s[j]->name, name) && (*count)++ == nth)
			hit = refs->s[j];
	return hit;
}

static void vote(struct symbol *p, struct symbol *o)
{
	if (!p->vote)
		p->vote = o;
	else if (p->vote != o)
		p->vote_conflict = true;
}

static void vote_function(struct cdo *c, struct symbol *f, struct refs *rp,
			  struct refs *ro)
{
	size_t i, k, np, no;

	collect(c->patched, f, rp);
	collect(c->orig, f->twin, ro);
	for (i = 0; i < rp->n; i++) {
		struct symbol *p = rp->s[i], *o;

		p->twin_user = true;
		k = rank(rp, i, &np);
		o = nth_same_base(ro, p->name, k, &no);
		/* One more or one fewer of that name: which is new is a guess. */
		if (no && np != no)
			p->vote_conflict = true;
		else if (o)
			vote(p, o);
	}
}

void vote_static_locals(struct cdo *c)
{
	static struct refs rp, ro;
	size_t i;

	for (i = 1; i < c->patched->nr_syms; i++) {
		struct symbol *f = &c->patched->syms[i];

		if (is_func(f) && f->sec && f->twin && f->twin->sec &&
		    is_text(f->sec) && is_text(f->twin->sec))
			vote_function(c, f, &rp, &ro);
	}
}

/*
 * A numbered static local of the patched object: matched by its votes;
 * new when only new functions use it, or when the twins of its users had
 * none of that name. Returns false when its functions give no answer.
 */
bool match_static_local(struct cdo *c, struct symbol *p, size_t nr_cand)
{
	if (p->vote && !p->vote_conflict && !p->vote->twin) {
		p->twin = p->vote;
		p->vote->twin = p;
		log_debug("correlated %s -> %s (the twin function refers to it)",
			  p->name, p->vote->name);
		return true;
	}
	if (p->vote_conflict || p->vote) {
		if (is_fresh_static(p))
			log_debug("%s: new (the patch has its own)", p->name);
		else
			refuse(c, "static local %s: cannot tell which of %zu "
			       "same-named variables of the original it is (the "
			       "functions using it gained or lost one of that name)",
			       p->name, nr_cand);
		return true;
	}
	if (p->twin_user || p->nr_users) {
		log_debug("%s: new (its functions' originals have none)", p->name);
		return true;
	}
	return false;
}
