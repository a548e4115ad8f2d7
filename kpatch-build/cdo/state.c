// SPDX-License-Identifier: GPL-2.0
/*
 * State a patched function would lose. The patch runs its own copy of new
 * data from its initial value while the kernel's variable holds the real
 * state: a sequence counter renamed or moved into another helper hands out
 * numbers from 1 again (the 6.1.192 futex fix reversed: get_futex_key
 * drops last_assigned_seq for a new i_seq, and futex keys collide).
 *
 * Names say nothing here. What a function holds state in is the writable
 * data it refers to, directly or through the object's functions it calls
 * (a helper inlined on one side and not on the other, a helper the patch
 * removes): when the original reached a variable the patched function no
 * longer reaches, and the patched one reaches new writable data, the new
 * data may be taking the old one's place. That is refused naming both,
 * unless the author says with KPATCH_IGNORE_STATIC (the old variable's
 * name or the new one's) that fresh state is intended. The statics of
 * kernel macros that may start afresh (names.c) never count.
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"

static bool fresh_ok(struct cdo *c, const struct symbol *s)
{
	size_t i, n = base_len(s->name);

	for (i = 0; i < c->nr_fresh_ok; i++)
		if (strlen(c->fresh_ok[i]) == n && !strncmp(s->name, c->fresh_ok[i], n))
			return true;
	return false;
}

/*
 * Marks in seen[] (indexed like e->syms) every symbol f refers to, and
 * what the object's functions it calls or takes the address of refer to.
 */
static bool *reach(struct elf *e, struct symbol *f)
{
	bool *seen = calloc(e->nr_syms, sizeof(*seen));
	struct symbol **todo = calloc(e->nr_syms, sizeof(*todo));
	size_t n = 0, i, nr;
	struct reloc *r;

	if (!seen || !todo)
		die(CDO_ERROR, "out of memory");
	seen[f->index] = true;
	todo[n++] = f;
	while (n) {
		struct symbol *g = todo[--n];

		nr = symbol_relocs(g, &r);
		for (i = 0; i < nr; i++) {
			struct symbol *t = reloc_target(e, &r[i]);

			if (!t || seen[t->index])
				continue;
			seen[t->index] = true;
			if (is_func(t) && t->sec && is_text(t->sec))
				todo[n++] = t;
		}
	}
	free(todo);
	return seen;
}

struct state_change {
	struct symbol *gone, *fresh;	/* the first of each */
	size_t nr_gone, nr_fresh;
	struct symbol *waived;		/* one the author's macro names */
};

/* Writable data the original reached and the patched function does not. */
static void find_gone(struct cdo *c, const bool *orig, const bool *patched,
		      struct state_change *sc)
{
	size_t i;

	for (i = 1; i < c->orig->nr_syms; i++) {
		struct symbol *s = &c->orig->syms[i];

		if (!orig[i] || !is_state_data(s) ||
		    (s->twin && patched[s->twin->index]))
			continue;
		if (fresh_ok(c, s)) {
			sc->waived = s;
			continue;
		}
		if (!sc->nr_gone++)
			sc->gone = s;
	}
}

/* New writable data the patched function reaches. */
static void find_fresh(struct cdo *c, const bool *patched,
		       struct state_change *sc)
{
	size_t i;

	for (i = 1; i < c->patched->nr_syms; i++) {
		struct symbol *s = &c->patched->syms[i];

		if (!patched[i] || s->status != ST_NEW || !is_state_data(s))
			continue;
		if (fresh_ok(c, s)) {
			sc->waived = s;
			continue;
		}
		if (!sc->nr_fresh++)
			sc->fresh = s;
	}
}

static const char *more(size_t n)
{
	return n > 1 ? " (and others)" : "";
}

static void refuse_lost_state(struct cdo *c, struct symbol *f,
			      const struct state_change *sc)
{
	struct symbol *g = sc->gone;

	refuse(c, "%s no longer uses %s%s but a new %s%s, which would start "
	       "again from its initial value while the kernel's %s holds the "
	       "state; if fresh state is intended, say so with "
	       "KPATCH_IGNORE_STATIC(\"%.*s\")", f->name, g->name,
	       more(sc->nr_gone), sc->fresh->name, more(sc->nr_fresh), g->name,
	       (int)base_len(g->name), g->name);
}

void check_lost_state(struct cdo *c, struct symbol *f)
{
	struct state_change sc = { 0 };
	bool *orig, *patched;
	size_t i;

	if (!f->twin || !f->twin->sec)
		return;
	orig = reach(c->orig, f->twin);
	patched = reach(c->patched, f);
	find_gone(c, orig, patched, &sc);
	find_fresh(c, patched, &sc);
	if (sc.nr_gone && sc.nr_fresh) {
		refuse_lost_state(c, f, &sc);
		for (i = 1; i < c->patched->nr_syms; i++)
			if (patched[i] && c->patched->syms[i].status == ST_NEW &&
			    is_state_data(&c->patched->syms[i]))
				c->patched->syms[i].refused = true;
	} else if (sc.waived && (sc.nr_gone || sc.nr_fresh)) {
		(sc.nr_fresh ? sc.fresh : sc.waived)->fresh_said = true;
		report_fact("static-fresh", sc.nr_fresh ? sc.fresh->name :
			    sc.waived->name, "KPATCH_IGNORE_STATIC(\"%.*s\"): "
			    "%s starts it from its initial value%s%s",
			    (int)base_len(sc.waived->name), sc.waived->name,
			    f->name, sc.nr_gone ? " instead of using the "
			    "kernel's " : "", sc.nr_gone ? sc.gone->name : "");
		log_info("fresh state acknowledged: %s starts %s afresh "
			 "(KPATCH_IGNORE_STATIC(\"%.*s\"))", f->name,
			 sc.nr_fresh ? sc.fresh->name : sc.waived->name,
			 (int)base_len(sc.waived->name), sc.waived->name);
	}
	free(orig);
	free(patched);
}
