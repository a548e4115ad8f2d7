// SPDX-License-Identifier: GPL-2.0
/*
 * Deciding what changed: a function or object is the same when its bytes
 * and its relocations are, where relocations are compared by what they
 * point at (twin symbols, string contents), not by the numbers the
 * compiler happened to give them.
 */
#include <stdio.h>
#include <string.h>

#include "cdo.h"
#include "branches.h"
#include "lines.h"
#include "log.h"

/* A relocation target: a symbol and an offset into it, or a string. */
struct target {
	struct symbol *sym;
	struct section *sec;	/* when no symbol covers the target */
	const char *str;
	long off;
};

static void resolve(struct elf *e, const struct reloc *r, struct target *t)
{
	struct section *sec = r->sym->sec;
	long at = reloc_target_offset(r);
	struct symbol *s;

	memset(t, 0, sizeof(*t));
	t->off = r->addend;
	if (r->sym->type != STT_SECTION || !sec) {
		t->sym = r->sym;
		return;
	}
	if (is_string_section(sec) && sec->data && at >= 0 &&
	    (size_t)at < sec->size && memchr(sec->data + at, 0, sec->size - at)) {
		t->str = (const char *)sec->data + at;
		return;
	}
	s = reloc_symbol_at(e, r);
	if (s) {
		t->sym = s;
		t->off = r->addend - (long)s->sym.st_value;
	} else {
		t->sec = sec;
	}
}

static bool same_symbol(const struct symbol *p, const struct symbol *o)
{
	if (p->twin || o->twin)
		return p->twin == o;
	/* Unpaired undefined symbols are the same when named the same. */
	return !p->sec && !o->sec && !strcmp(p->name, o->name);
}

static bool same_target(struct cdo *c, const struct reloc *rp,
			const struct reloc *ro)
{
	struct target tp, to;

	if (rp->type != ro->type)
		return false;
	resolve(c->patched, rp, &tp);
	resolve(c->orig, ro, &to);
	if (tp.str || to.str)
		return tp.str && to.str && !strcmp(tp.str, to.str) &&
		       rp->addend - reloc_target_offset(rp) ==
		       ro->addend - reloc_target_offset(ro);
	if (tp.sec || to.sec) {
		if (!tp.sec || !to.sec || tp.sec->twin != to.sec)
			return false;
		/* A constant without a symbol is its bytes, wherever it sits. */
		if (!(tp.sec->sh.sh_flags & SHF_WRITE))
			return rp->addend - reloc_target_offset(rp) ==
			       ro->addend - reloc_target_offset(ro) &&
			       same_anon_data(c, tp.sec, reloc_target_offset(rp),
					      to.sec, reloc_target_offset(ro));
		return tp.off == to.off;
	}
	if (tp.off != to.off)
		return false;
	return tp.sym && to.sym && same_symbol(tp.sym, to.sym);
}

struct range {
	struct section *sec;
	unsigned long start, len;
};

static bool same_relocs(struct cdo *c, struct range *p, struct range *o,
			const char *name)
{
	size_t i = reloc_index(p->sec, p->start), j = reloc_index(o->sec, o->start);

	for (;; i++, j++) {
		bool pin = i < p->sec->nr_relocs &&
			   p->sec->relocs[i].offset < p->start + p->len;
		bool oin = j < o->sec->nr_relocs &&
			   o->sec->relocs[j].offset < o->start + o->len;

		if (!pin || !oin) {
			if (pin != oin)
				log_debug("%s: relocation count differs", name);
			return pin == oin;
		}
		if (p->sec->relocs[i].offset - p->start !=
		    o->sec->relocs[j].offset - o->start ||
		    !same_target(c, &p->sec->relocs[i], &o->sec->relocs[j])) {
			log_debug("%s: relocation at +0x%lx differs (%s / %s)", name,
				  p->sec->relocs[i].offset - p->start,
				  p->sec->relocs[i].sym->name,
				  o->sec->relocs[j].sym->name);
			return false;
		}
	}
}

static enum status compare_range(struct cdo *c, struct range *p,
				 struct range *o, const char *name)
{
	if (p->len != o->len || p->sec->sh.sh_type != o->sec->sh.sh_type) {
		log_debug("%s: size changed (0x%lx -> 0x%lx)", name, o->len, p->len);
		return ST_CHANGED;
	}
	if (!same_relocs(c, p, o, name))
		return ST_CHANGED;
	if (!p->sec->data || !memcmp(p->sec->data + p->start,
				     o->sec->data + o->start, p->len))
		return ST_SAME;
	if (is_text(p->sec) &&
	    only_line_numbers(p->sec, p->start, o->sec, o->start, p->len)) {
		log_debug("%s: only line numbers changed", name);
		report_fact("line-only", name, "only line numbers changed: ignored");
		return ST_SAME;
	}
	if (is_text(p->sec) && !p->sec->sym &&
	    only_resolved_branches(c->patched, p->sec, p->start, c->orig,
				   o->sec, o->start, p->len)) {
		log_debug("%s: only displacements of in-section branches changed",
			  name);
		return ST_SAME;
	}
	return ST_CHANGED;
}

/*
 * The kind of section a symbol lives in: its section's name without the
 * symbol's own name, with the text variants GCC picks by itself (.unlikely,
 * .hot) and zero-initialised data folded together.
 */
static void section_kind(const struct symbol *s, char *buf, size_t len)
{
	static const char *const folded[][2] = {
		{ ".text.unlikely", ".text" }, { ".text.hot", ".text" },
		{ ".text.startup", ".text" }, { ".text.unknown", ".text" },
		{ ".bss", ".data" }, { ".data.rel.local", ".data" },
		{ ".data.rel", ".data" }, { ".rodata.cst", ".rodata" },
		{ ".data.rel.ro.local", ".rodata" }, { ".data.rel.ro", ".rodata" },
	};
	const char *name = s->sec->name, *own = named_part(s->sec, s->name);
	size_t n = strlen(name), i;

	if (own)
		n = (size_t)(own - name);
	else if (s->parent && strstr(name, ".text"))
		n = strlen(".text");	/* foo.cold in .text.unlikely.foo */
	if (n >= len)
		n = len - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
	for (i = 0; i < sizeof(folded) / sizeof(folded[0]); i++)
		if (!strcmp(buf, folded[i][0]))
			snprintf(buf, len, "%s", folded[i][1]);
}

static bool moved(struct symbol *p, struct symbol *o)
{
	char kp[256], ko[256];

	section_kind(p, kp, sizeof(kp));
	section_kind(o, ko, sizeof(ko));
	if (!strcmp(kp, ko))
		return false;
	log_debug("%s: moves from %s to %s", p->name, o->sec->name, p->sec->name);
	return true;
}

static void compare_symbol(struct cdo *c, struct symbol *p)
{
	struct symbol *o = p->twin;
	struct range rp = { p->sec, p->sym.st_value, p->sym.st_size };
	struct range ro = { o->sec, o->sym.st_value, o->sym.st_size };

	/* A bundled function's section includes its padding and alignment. */
	if (p->sec->sym == p && o->sec->sym == o) {
		rp.start = ro.start = 0;
		rp.len = p->sec->size;
		ro.len = o->sec->size;
	}
	p->status = compare_range(c, &rp, &ro, p->name);
	if (moved(p, o)) {
		p->moved = true;
		p->status = ST_CHANGED;
	}
	if (p->status == ST_CHANGED)
		log_debug("changed: %s", p->name);
}

static void compare_section(struct cdo *c, struct section *p)
{
	struct range rp = { p, 0, p->size }, ro = { p->twin, 0, 0 };

	if (!p->twin) {
		p->status = ST_NEW;
		return;
	}
	ro.len = p->twin->size;
	p->status = compare_range(c, &rp, &ro, p->name);
}

/* A child's change is its parent's change, and the other way round. */
static void propagate_children(struct elf *e)
{
	size_t i;

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (s->parent && s->status == ST_CHANGED &&
		    s->parent->status == ST_SAME)
			s->parent->status = ST_CHANGED;
	}
}

/*
 * Code and constants using changed constant data change with it: their
 * bytes are the same, but the patch must give them the new copy. Tables of
 * pointers to tables pass it on.
 */
static void propagate_rodata(struct elf *e)
{
	bool again = true;
	size_t i, j;

	while (again) {
		again = false;
		for (i = 1; i < e->nr_secs; i++) {
			struct section *s = &e->secs[i];

			if (!is_text(s) && !is_readonly_data(s))
				continue;
			for (j = 0; j < s->nr_relocs; j++) {
				struct symbol *t = reloc_target(e, &s->relocs[j]);
				struct symbol *u = s->sym ? s->sym :
						   symbol_at(e, s, s->relocs[j].offset);

				if (!t || t->type != STT_OBJECT || t->status != ST_CHANGED ||
				    !is_readonly_data(t->sec) || !u || u == t ||
				    u->status != ST_SAME || is_boot_only(s))
					continue;
				log_debug("changed: %s (uses changed read-only data %s)",
					  u->name, t->name);
				u->status = ST_CHANGED;
				again = true;
			}
		}
	}
}

void compare(struct cdo *c)
{
	struct elf *e = c->patched;
	size_t i;

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (!s->sec || (s->type != STT_FUNC && s->type != STT_OBJECT))
			continue;
		s->status = s->twin ? ST_UNKNOWN : ST_NEW;
		if (s->twin)
			compare_symbol(c, s);
	}
	propagate_rodata(e);
	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (s->sym)
			s->status = s->sym->status;
		else if (s->sh.sh_type != SHT_RELA &&
			 (s->ignore || !is_ignored_section(s)))
			compare_section(c, s);
	}
	propagate_children(e);
}
