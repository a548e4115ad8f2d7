// SPDX-License-Identifier: GPL-2.0
/*
 * Changed functions ftrace cannot redirect, replaced through their callers.
 *
 * The kernel defines `inline` as notrace, so a static inline function GCC
 * keeps out of line (update_sd_lb_stats in kernel/sched/fair.c, say) has no
 * fentry call: nothing can send its callers to a new version. When every
 * use of it is a direct call from a function of this object, replacing
 * those callers is the same patch: the new callers call the patch's copy
 * of the function, and the kernel's copy is no longer reached. So each
 * caller is taken as changed (repeatedly: a caller may itself be notrace),
 * and the function goes into the patch without a record of its own.
 *
 * Only a `call` qualifies. A task inside the old function then has its
 * caller's return address on its stack, and that caller is a function the
 * patch replaces, so the core's stack check sees it; a tail jump leaves no
 * such frame and is refused, as is any other use (an address stored in
 * data or taken by code, a caller the patch removes, a global function
 * other objects may call, a caller in a module's __init or __exit code,
 * which would go on calling the old version; vmlinux's boot code is gone).
 * The reason is kept for the refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "decode.h"
#include "log.h"

#define WHY_LEN 256

static bool candidate(const struct cdo *c, const struct symbol *f)
{
	return is_func(f) && f->status == ST_CHANGED && f->twin && !f->parent &&
	       !f->has_fentry && !f->ignore && f->sec && f->sec->sym == f &&
	       !strncmp(f->sec->name, ".text", 5) && !is_init_section(f->sec) &&
	       object_has_fentry(c->patched);
}

/* The function a relocation in text sits in, its parent for a .cold part. */
static struct symbol *user_of(struct elf *e, const struct reloc *r)
{
	struct symbol *u = r->sec->sym ? r->sec->sym :
			   symbol_at(e, r->sec, r->offset);

	if (u && u->parent)
		u = u->parent;
	return u && is_func(u) ? u : NULL;
}

static bool fail(struct symbol *f, const char *fmt, const char *a,
		 const char *b)
{
	free(f->callers_why);
	f->callers_why = malloc(WHY_LEN);
	if (!f->callers_why)
		die(CDO_ERROR, "out of memory");
	snprintf(f->callers_why, WHY_LEN, fmt, a, b);
	return false;
}

/*
 * Every use of t in e must be a direct call from a function (of the
 * original: one the patch keeps). With mark, the patched callers are
 * taken as changed. Reasons go to f, the patched function.
 */
static bool uses_are_calls(struct cdo *c, struct elf *e, struct symbol *t,
			   struct symbol *f, bool patched, bool mark, bool *more)
{
	size_t i, j;

	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (s->sh.sh_type == SHT_RELA || s->special || is_ignored_section(s))
			continue;
		for (j = 0; j < s->nr_relocs; j++) {
			struct reloc *r = &s->relocs[j];
			struct symbol *u;

			if (reloc_target(e, r) != t)
				continue;
			u = is_text(s) ? user_of(e, r) : NULL;
			if (u == t)
				continue;	/* recursion */
			if (!u)
				return fail(f, "its address is stored in %s%s",
					    s->name, "");
			if (is_init_section(u->sec)) {
				/* vmlinux's boot code has run and is gone. */
				if (is_boot_only(u->sec) && !strcmp(c->parent, "vmlinux"))
					continue;
				return fail(f, "its caller %s is in %s, which would "
					    "go on calling the old version",
					    u->name, u->sec->name);
			}
			if (!insn_is_call(s, r->offset))
				return fail(f, "%s uses it other than by a call (a "
					    "tail jump, or its address taken)%s",
					    u->name, "");
			if (!patched && !u->twin)
				return fail(f, "its caller %s is removed by the "
					    "patch, but the kernel keeps it%s",
					    u->name, "");
			if (mark && u->status == ST_SAME) {
				u->status = ST_CHANGED;
				if (u->sec->sym == u)
					u->sec->status = ST_CHANGED;
				u->via_callee = f;
				log_info("changed function: %s (it calls %s, "
					 "which has no fentry call)", u->name,
					 f->name);
				*more = true;
			}
		}
	}
	return true;
}

static void try_callers(struct cdo *c, struct symbol *f, bool *more)
{
	if (f->bind != STB_LOCAL) {
		fail(f, "it is global, so code in other objects may call it%s%s",
		     "", "");
		return;
	}
	if (!uses_are_calls(c, c->orig, f->twin, f, false, false, more) ||
	    !uses_are_calls(c, c->patched, f, f, true, false, more))
		return;
	uses_are_calls(c, c->patched, f, f, true, true, more);
	f->via_callers = true;
}

void replace_through_callers(struct cdo *c)
{
	struct elf *e = c->patched;
	bool more = true;
	size_t i;

	/* A caller taken as changed may itself be one: until none is new. */
	while (more) {
		more = false;
		for (i = 1; i < e->nr_syms; i++) {
			struct symbol *f = &e->syms[i];

			if (candidate(c, f) && !f->via_callers &&
			    !f->callers_why)
				try_callers(c, f, &more);
		}
	}
}
