// SPDX-License-Identifier: GPL-2.0
/*
 * The checks that keep a patch from being silently wrong (state a patched
 * function would lose is state.c's): changed constants that code left out
 * of the patch would go on reading, symbols that moved to another kind of
 * section, and at the end of the run, that every change of the patched
 * object is in the patch, handled as a special-section entry, or refused
 * by name.
 */
#include <string.h>

#include "cdo.h"
#include "log.h"

static bool is_changed_rodata(const struct symbol *t)
{
	return t && t->type == STT_OBJECT && t->status == ST_CHANGED &&
	       is_readonly_data(t->sec) && !t->moved;
}

/*
 * Changed constant data is copied for the included code using it; code
 * left out, or data the kernel already holds pointing at it, would go on
 * using the kernel's old copy.
 */
void check_changed_rodata(struct cdo *c)
{
	struct elf *e = c->patched;
	size_t i, j;

	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (s->include || s->special || is_ignored_section(s) ||
		    s->sh.sh_type == SHT_RELA || !strncmp(s->name, ".kpatch.", 8))
			continue;
		for (j = 0; j < s->nr_relocs; j++) {
			struct reloc *r = &s->relocs[j];
			struct symbol *t = reloc_target(e, r);
			struct symbol *u = s->sym ? s->sym : symbol_at(e, s, r->offset);

			if (!is_changed_rodata(t) || (u && (u->ignore || u->include)) ||
			    (u && u->status == ST_CHANGED && is_readonly_data(s)))
				continue;
			if (is_boot_only(s))
				refuse(c, "changed read-only data %s is used by %s, "
				       "boot code that already ran with the old "
				       "contents", t->name, u ? u->name : s->name);
			else if (!is_text(s))
				refuse(c, "changed read-only data %s is referenced by "
				       "%s, data the kernel holds, which would keep "
				       "pointing at the old %s", t->name,
				       u ? u->name : s->name, t->name);
			else
				refuse(c, "changed read-only data %s is used by %s, "
				       "which the patch does not replace: the change "
				       "would not take effect there", t->name,
				       u ? u->name : s->name);
			t->status = ST_SAME;	/* report once */
		}
	}
}

void check_moved(struct cdo *c)
{
	size_t i;

	for (i = 1; i < c->patched->nr_syms; i++) {
		struct symbol *s = &c->patched->syms[i];

		if (!s->moved || s->ignore)
			continue;
		refuse(c, "%s moves from section %s to %s: the kernel's %s stays "
		       "where it is (a section change such as __cpuidle, noinstr, "
		       "__init, __read_mostly or per-CPU cannot be live patched)",
		       s->name, s->twin->sec->name, s->sec->name, s->name);
		s->refused = true;
	}
}

/* Changes that need nothing of their own in the patch. */
static bool carried(const struct symbol *s)
{
	if (s->include || s->own || s->refused || s->ignore || s->parent)
		return true;
	if (s->sec->sym && s->sec->sym != s && s->sec->include)
		return true;	/* an alias or __pfx_ of an included function */
	if (is_init_section(s->sec) && s->status == ST_NEW)
		return true;	/* runs only at boot: not in a live patch */
	if (!is_func(s) && s->status == ST_CHANGED &&
	    (is_readonly_data(s->sec) || is_string_section(s->sec)))
		return true;	/* copied for its users, or refused with them */
	return false;
}

/*
 * Nothing dropped silently: every changed or new function and object is
 * carried by the patch or refused. Run when nothing was refused yet, as
 * the last word before the output is written.
 */
void check_soundness(struct cdo *c)
{
	struct elf *e = c->patched;
	size_t i;

	if (c->n.refused)
		return;
	check_tables(c);
	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (!s->sec || (s->type != STT_FUNC && s->type != STT_OBJECT) ||
		    s->sec->special || is_ignored_section(s->sec) ||
		    !strncmp(s->sec->name, ".kpatch.", 8) ||
		    (s->status != ST_CHANGED && s->status != ST_NEW) || carried(s))
			continue;
		if (s->status == ST_NEW && !is_func(s) && is_string_section(s->sec))
			continue;
		if (s->status == ST_NEW)
			log_debug("%s: new, used by nothing the patch includes", s->name);
		else
			refuse(c, "%s changed but the patch does not carry the "
			       "change (no rule covers it): refusing rather than "
			       "dropping it", s->name);
	}
}
