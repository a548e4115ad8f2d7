// SPDX-License-Identifier: GPL-2.0
/*
 * What goes into the patch: changed and new functions, then everything
 * they reference that the running kernel does not already have (new data,
 * new functions, copies of strings and read-only data). References to
 * anything the kernel has stay references; output.c decides how each is
 * resolved. Changes that cannot be applied to a running kernel are refused
 * here, each with its reason.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cdo.h"
#include "facts.h"
#include "log.h"

void refuse(struct cdo *c, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: unsupported: %s\n", log_object, msg);
	fact_refused(c, msg);
	c->n.refused++;
}

static void scan_section(struct cdo *c, struct section *s);

static void include_section(struct cdo *c, struct section *s)
{
	if (s->include)
		return;
	s->include = true;
	if (!s->special) {
		s->out_data = s->data;
		s->out_size = s->size;
		s->out_relocs = s->relocs;
		s->nr_out_relocs = s->nr_relocs;
	}
	scan_section(c, s);
}

static void include_function(struct cdo *c, struct symbol *f)
{
	struct elf *e = c->patched;
	size_t i;

	if (f->include)
		return;
	f->include = true;
	include_section(c, f->sec);
	/* Its .cold parts, and what shares its section (__pfx_ padding). */
	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if ((s->parent == f || (s->sec == f->sec && s->sec->sym == f)) &&
		    !s->include) {
			if (s->parent == f && s->sec != f->sec)
				include_function(c, s);
			s->include = true;
		}
	}
}

static const char *data_kind(const struct section *s)
{
	if (!strcmp(s->name, ".data..percpu") || strstr(s->name, "..percpu"))
		return "percpu data";
	if (strstr(s->name, "read_mostly"))
		return "__read_mostly data";
	if (is_init_section(s))
		return "__init data";
	return "data";
}

/* Copy sym alone out of a section it shares with the kernel's variables. */
static void include_own(struct cdo *c, struct symbol *sym)
{
	struct reloc *r;
	size_t i, n;

	if (sym->sec->sym == sym || !sym->sec->twin) {
		include_section(c, sym->sec);
		return;
	}
	sym->own = true;
	n = symbol_relocs(sym, &r);
	for (i = 0; i < n; i++)
		include_reloc_target(c, &r[i]);
}

static void include_new_data(struct cdo *c, struct symbol *d)
{
	if (d->include)
		return;
	d->include = true;
	if (strstr(d->sec->name, "..percpu") &&
	    strcmp(d->sec->name, ".data..percpu")) {
		/*
		 * vmlinux's linker script gathers .data..percpu..shared_aligned,
		 * ..page_aligned, ..read_mostly, ..decrypted into the per-CPU
		 * area; the module loader makes only .data..percpu per-CPU, so
		 * in a patch module this would be plain data that %gs-relative
		 * accesses miss.
		 */
		refuse(c, "new percpu data %s is in %s, which only vmlinux's link "
		       "makes per-CPU (a module's loader allocates per-CPU copies "
		       "of .data..percpu alone); use DEFINE_PER_CPU for it",
		       d->name, d->sec->name);
		return;
	}
	if (strstr(d->sec->name, "..percpu") && d->sec->twin) {
		refuse(c, "new percpu data %s sits in %s together with existing "
		       "variables; give it its own section or make it a new global",
		       d->name, d->sec->name);
		return;
	}
	c->n.added++;
	log_info("new data: %s", d->name);
	include_own(c, d);
}

/*
 * A macro's static whose state the patch need not share (names.c), or
 * changed read-only data: the patch has its own for the code it replaces.
 * Anything else the kernel has is referenced, never copied, so that its
 * address and contents are the kernel's.
 */
static bool own_copy(const struct symbol *s)
{
	if (s->type != STT_OBJECT || is_text(s->sec))
		return false;
	if (is_fresh_static(s))
		return true;
	return s->status == ST_CHANGED && is_readonly_data(s->sec);
}

/*
 * A new global stays global in the output (another object of the patch may
 * use it), so it must not take the name of an export: the patch module's
 * own references to that name (the glue's kcalloc()...) would bind to it.
 */
static void check_new_global(struct cdo *c, const struct symbol *t)
{
	const char *owner;

	if (t->bind == STB_LOCAL || !(owner = symvers_owner(c->symvers, t->name)))
		return;
	refuse(c, "new global %s %s has the name of a symbol %s exports: the "
	       "patch module's own references to %s would reach it instead; "
	       "rename it or make it static", is_func(t) ? "function" : "variable",
	       t->name, owner, t->name);
}

static void include_symbol(struct cdo *c, struct symbol *t)
{
	if (!t->sec || t->include || t->sec->special)
		return;
	if (t->status == ST_NEW)
		check_new_global(c, t);
	if (is_func(t)) {
		if (t->status == ST_NEW && !weak_overridden(c, t)) {
			c->n.added++;
			log_info("new function: %s", t->name);
			include_function(c, t);
		}
		return;
	}
	if (t->status == ST_NEW && t->type == STT_OBJECT) {
		include_new_data(c, t);
	} else if (t->type == STT_NOTYPE && t->bind == STB_LOCAL) {
		/* A label (".LC0"): its section is data to copy or new. */
		if (!(t->sec->sh.sh_flags & SHF_WRITE) || !t->sec->twin)
			include_section(c, t->sec);
	} else if (own_copy(t)) {
		t->include = true;
		include_own(c, t);
	}
}

/* Follow one relocation of an included section. */
void include_reloc_target(struct cdo *c, struct reloc *r)
{
	struct section *sec = r->sym->sec;
	struct symbol *t;

	if (r->sym->type != STT_SECTION) {
		include_symbol(c, r->sym);
		return;
	}
	if (!sec || sec->special || is_ignored_section(sec))
		return;
	if (sec->sym) {
		include_symbol(c, sec->sym);
		return;
	}
	t = reloc_symbol_at(c->patched, r);
	if (t) {
		include_symbol(c, t);
		return;
	}
	/* Anonymous data: strings, constants, switch tables, UBSAN sites. */
	if (!(sec->sh.sh_flags & SHF_WRITE) || !sec->twin ||
	    strstr(sec->name, ".Lubsan"))
		include_section(c, sec);
}

static void scan_section(struct cdo *c, struct section *s)
{
	size_t i;

	if (s->scanned)
		return;
	s->scanned = true;
	for (i = 0; i < s->nr_out_relocs; i++)
		include_reloc_target(c, &s->out_relocs[i]);
}

/*
 * Whether any function of the object calls __fentry__: when none does, the
 * whole object was built without ftrace (lib/Makefile, for one, removes
 * CC_FLAGS_FTRACE), and that, not a notrace on the function, is the reason.
 */
bool object_has_fentry(const struct elf *e)
{
	size_t i;

	for (i = 1; i < e->nr_syms; i++)
		if (e->syms[i].has_fentry)
			return true;
	return false;
}

/* For a function changed only by callers.c: why it is taken as changed. */
static const char *why_changed(const struct symbol *f)
{
	static char buf[256];

	if (!f->via_callee)
		return "";
	snprintf(buf, sizeof(buf), " (it is taken as changed because it calls "
		 "%s, which has no fentry call)", f->via_callee->name);
	return buf;
}

static bool check_changed_function(struct cdo *c, struct symbol *f)
{
	if (is_init_section(f->sec)) {
		refuse(c, "changed __init/__exit function %s (in %s): it has "
		       "already run or been freed%s", f->name, f->sec->name,
		       why_changed(f));
		return false;
	}
	if (f->sec->sym != f && strncmp(f->sec->name, ".text", 5)) {
		/*
		 * __sched, __lockfunc, __cpuidle, noinstr, __kprobes... name
		 * the section, and -ffunction-sections does not split named
		 * sections; the assembler resolves calls and jumps between
		 * functions of one section without relocations, so neither
		 * this function alone nor its neighbours' bytes can be taken.
		 */
		refuse(c, "changed function %s is in %s, a section its attribute "
		       "names (__sched, __lockfunc, __cpuidle, noinstr...) that "
		       "-ffunction-sections does not split: branches between its "
		       "functions carry no relocations, so it cannot be copied "
		       "out alone%s", f->name, f->sec->name, why_changed(f));
		return false;
	}
	if (f->sec->sym != f) {
		refuse(c, "changed function %s shares section %s with other "
		       "functions (built without -ffunction-sections?)%s",
		       f->name, f->sec->name, why_changed(f));
		return false;
	}
	if (!f->has_fentry && !f->parent && !object_has_fentry(c->patched)) {
		refuse(c, "changed function %s has no fentry call: no function "
		       "of this object has one (it is built without ftrace, e.g. "
		       "CC_FLAGS_FTRACE removed by its Makefile), so it cannot "
		       "be redirected%s", f->name, why_changed(f));
		return false;
	}
	if (!f->has_fentry && !f->parent && !f->via_callers) {
		refuse(c, "changed function %s has no fentry call (notrace?): "
		       "it cannot be redirected, nor replaced through its "
		       "callers: %s%s", f->name,
		       f->callers_why ? f->callers_why : "it has none",
		       why_changed(f));
		return false;
	}
	return true;
}

static void changed_function(struct cdo *c, struct symbol *f)
{
	if (f->ignore) {
		c->n.ignored++;
		log_info("ignored function: %s", f->name);
		f->status = ST_SAME;
		return;
	}
	if (f->parent)
		return;		/* comes with its parent */
	if (f->sec->sym && f->sec->sym != f &&
	    f->sec->sym->sym.st_value == f->sym.st_value)
		return;		/* an alias, comes with the section's symbol */
	if (weak_overridden(c, f))
		return;		/* the kernel runs another definition */
	if (!check_changed_function(c, f))
		return;
	if (f->via_callers) {
		/* Carried for its callers; no record, nothing redirects it. */
		c->n.changed++;
		log_info("changed function: %s (no fentry call: replaced "
			 "through its callers)", f->name);
		include_function(c, f);
		check_lost_state(c, f);
		return;
	}
	c->n.changed++;
	if (!f->via_callee)
		log_info("changed function: %s", f->name);
	include_function(c, f);
	check_lost_state(c, f);
}

/* Read-only data is copied with the code using it, so it may change. */
static bool data_may_change(const struct section *s)
{
	return is_ignored_section(s) || s->special || is_string_section(s) ||
	       is_readonly_data(s) || !(s->sh.sh_flags & SHF_WRITE) ||
	       !strncmp(s->name, ".kpatch.", 8) || is_text(s);
}

static void changed_data(struct cdo *c, struct symbol *d)
{
	if (d->moved)
		return;		/* refused by check_moved() */
	if (d->bind != STB_LOCAL && is_readonly_data(d->sec) && !d->ignore) {
		refuse(c, "changed global read-only data %s (in %s): code in "
		       "other objects reads it too, and the patch cannot replace "
		       "users it does not see", d->name, d->sec->name);
		return;
	}
	if (data_may_change(d->sec))
		return;
	if (d->ignore) {
		c->n.ignored++;
		return;
	}
	refuse(c, "changed existing %s %s (in %s): a live patch cannot change "
	       "data the kernel already holds (use a shadow variable or a "
	       "callback)", data_kind(d->sec), d->name, d->sec->name);
}

void include_changes(struct cdo *c)
{
	struct elf *e = c->patched;
	size_t i;

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (!s->sec || s->sec->special || is_ignored_section(s->sec))
			continue;
		if (is_func(s) && s->status == ST_CHANGED)
			changed_function(c, s);
		else if (s->type == STT_OBJECT && s->status == ST_CHANGED)
			changed_data(c, s);
	}
	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (s->ignore && s->sh.sh_type != SHT_RELA && s->status != ST_SAME) {
			c->n.ignored++;
			log_info("ignored section: %s", s->name);
		}
	}
	/* New globals may be used by other objects of the same patch. */
	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (s->sec && s->status == ST_NEW && s->bind != STB_LOCAL &&
		    !is_init_section(s->sec) && !s->sec->special &&
		    !is_ignored_section(s->sec))
			include_symbol(c, s);
	}
	/* Author hooks and callbacks are new by construction. */
	for (i = 1; i < e->nr_secs; i++)
		if (!strncmp(e->secs[i].name, ".kpatch.hooks.", 14) ||
		    !strncmp(e->secs[i].name, ".kpatch.callbacks.", 18))
			include_section(c, &e->secs[i]);
	include_special_entries(c);
	check_changed_rodata(c);
	check_moved(c);
}
