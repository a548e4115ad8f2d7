// SPDX-License-Identifier: GPL-2.0
/*
 * The facts of one object for the reviewer's report, read from the
 * decisions the passes made (include flags, statuses, kept special-section
 * entries), never changing them: what is replaced and why, what is new,
 * which static variables start afresh or stay the kernel's, the special
 * entries carried, hooks, forced functions, and the risks (risks.c).
 * Refusals are reported as they happen (refuse(), include.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "facts.h"
#include "log.h"
#include "special.h"

static bool known_name(struct cdo *c, const char *name)
{
	struct elf *e[2] = { c->patched, c->orig };
	int i;

	for (i = 0; i < 2; i++)
		if (e[i] && (find_symbol(e[i], name) || find_section(e[i], name)))
			return true;
	return false;
}

static bool name_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '$';
}

void fact_refused(struct cdo *c, const char *msg)
{
	char tok[256];
	const char *p = msg;

	while (*p) {
		size_t n = 0;

		while (*p && !name_char(*p))
			p++;
		while (name_char(*p) && n + 1 < sizeof(tok))
			tok[n++] = *p++;
		while (name_char(*p))
			p++;
		tok[n] = '\0';
		while (n && tok[n - 1] == '.')	/* end of a sentence */
			tok[--n] = '\0';
		if (n && !isdigit((unsigned char)tok[0]) && known_name(c, tok)) {
			report_fact("refused", tok, "%s", msg);
			return;
		}
	}
	report_fact("refused", "-", "%s", msg);
}

static void fact_changed(struct cdo *c, struct dwarf_info *d, struct symbol *f)
{
	char why[1024];
	const char *callee;

	explain_change(c, f, why, sizeof(why));
	report_fact("changed", f->name, "%s", why);
	callee = inlined_change(d, f);
	if (callee)
		report_fact("inline-only", f->name, "inlines %s, which changed",
			    callee);
	if (f->force)
		report_fact("force", f->name, "KPATCH_FORCE_UNSAFE: the old "
			    "version may still be on a stack when replaced");
	report_lines(d, f);
	report_risks(c, d, f);
}

/* GCC's "count.3", clang's "func.count". */
static bool is_static_local(const struct symbol *s)
{
	return s->bind == STB_LOCAL && strchr(s->name, '.');
}

/* The kernel's writable statics an included function goes on using. */
static void fact_shared_statics(struct cdo *c, struct symbol *f, bool *seen)
{
	struct reloc *r;
	size_t i, n = symbol_relocs(f, &r);

	for (i = 0; i < n; i++) {
		struct symbol *t = reloc_target(c->patched, &r[i]);

		if (!t || seen[t->index] || t->include || !t->twin ||
		    t->bind != STB_LOCAL || !is_state_data(t))
			continue;
		seen[t->index] = true;
		report_fact("static-shared", t->name, "shared with the kernel's "
			    "%s (%s)", t->twin->name, is_static_local(t) ?
			    "a static local, paired by name and by the "
			    "functions using it" :
			    "a file-scope static, paired by name");
	}
}

static void fact_data(struct symbol *s)
{
	if (s->status == ST_NEW) {
		report_fact("new-data", s->name, "%s, %lu bytes", s->sec->name,
			    (unsigned long)s->sym.st_size);
		if (is_static_local(s) && is_state_data(s) && !s->fresh_said)
			report_fact("static-fresh", s->name, "a new static "
				    "local: starts from its initial value");
	} else if (is_fresh_static(s) && !is_readonly_data(s->sec)) {
		report_fact("static-fresh", s->name, "the patch's own copy of "
			    "a kernel macro's static (once-flags, ratelimit "
			    "state, lock class keys): starts from its "
			    "initial value");
	}
}

/* The function a kept entry belongs to: its first field's target. */
static struct symbol *entry_owner(struct elf *e, const struct reloc *r)
{
	struct symbol *t = r->sym;

	if (t->type == STT_SECTION && t->sec)
		t = t->sec->sym ? t->sec->sym : symbol_at(e, t->sec, r->addend);
	if (t && t->parent)
		t = t->parent;
	return t && is_func(t) ? t : NULL;
}

static void fact_special(struct cdo *c, struct section *s)
{
	static const char *const reported[] = {
		".altinstructions", "__jump_table", ".static_call_sites",
		"__ex_table", "__bug_table", ".parainstructions", NULL,
	};
	const struct special *sp = special_lookup(s->name);
	const struct symbol *listed[16];
	char funcs[512] = "";
	size_t i, j, k, n, len = 0;

	for (i = 0; reported[i] && strcmp(reported[i], s->name); i++)
		;
	if (!reported[i] || !s->include || !s->out_size || !sp || !sp->size)
		return;
	n = s->out_size / sp->size;
	for (i = 0, k = 0; i < s->nr_out_relocs && k < 16; i++) {
		const struct reloc *r = &s->out_relocs[i];
		struct symbol *f;

		if (r->offset % sp->size || !(f = entry_owner(c->patched, r)))
			continue;
		for (j = 0; j < k && listed[j] != f; j++)
			;
		if (j < k)
			continue;
		listed[k] = f;
		len += (size_t)snprintf(funcs + len, sizeof(funcs) - len, "%s%s",
					k++ ? ", " : "", f->name);
		if (len >= sizeof(funcs))
			break;		/* truncated: enough names */
	}
	report_fact("special", s->name, "%zu entr%s carried (for %s)", n,
		    n == 1 ? "y" : "ies", k ? funcs : "?");
}

/* ".kpatch.hooks.load" -> hook load, ".kpatch.callbacks.pre_patch" ... */
static void fact_hooks(struct cdo *c, struct section *s)
{
	const char *kind = !strncmp(s->name, ".kpatch.hooks.", 14) ? "hook" :
			   !strncmp(s->name, ".kpatch.callbacks.", 18) ? "callback" :
			   NULL;
	char when[64];
	size_t i;

	if (!kind || !s->include)
		return;
	snprintf(when, sizeof(when), "%s", strrchr(s->name, '.') + 1);
	for (i = 0; when[i]; i++)
		if (when[i] == '_')
			when[i] = '-';
	for (i = 0; i < s->nr_relocs; i++) {
		struct symbol *f = reloc_target(c->patched, &s->relocs[i]);

		if (f && is_func(f))
			report_fact(kind, f->name, "%s", when);
	}
}

void report_facts(struct cdo *c)
{
	struct elf *e = c->patched;
	struct dwarf_info *d;
	bool *seen;
	size_t i;

	if (!report_facts_wanted())
		return;
	seen = calloc(e->nr_syms, sizeof(*seen));
	if (!seen)
		die(CDO_ERROR, "out of memory");
	d = dwarf_open(e->path);
	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (!s->sec || !s->include || s->parent)
			continue;
		if (is_func(s) && s->status == ST_CHANGED && s->twin) {
			fact_changed(c, d, s);
		} else if (is_func(s) && s->status == ST_NEW) {
			report_fact("new-func", s->name, "%lu bytes",
				    (unsigned long)s->sym.st_size);
			report_lines(d, s);
		} else if (s->type == STT_OBJECT) {
			fact_data(s);
		}
		if (is_func(s)) {
			fact_shared_statics(c, s, seen);
			report_shadow_ids(e, s);
		}
	}
	for (i = 1; i < e->nr_secs; i++) {
		fact_special(c, &e->secs[i]);
		fact_hooks(c, &e->secs[i]);
	}
	dwarf_close(d);
	free(seen);
}
