// SPDX-License-Identifier: GPL-2.0
/*
 * Tables the kernel reads once, at boot or module load, whose entries have
 * no symbols of their own: PCI fixups (.pci_fixup_header), initcalls,
 * __param, _ftrace_events, __tracepoints_ptrs and the like. No special
 * section rule covers them and the symbol checks never see them, so a
 * patch adding, removing or changing an entry (a new PCI quirk, a new
 * initcall) would build and load without it. Any difference is refused,
 * naming the section.
 */
#include <string.h>

#include "cdo.h"

/* Data (.data.NAME, .rodata.NAME, ...) and code are the other checks' concern. */
static bool is_table(const struct section *s)
{
	static const char *const others[] = {
		".rodata", ".data", ".bss", ".tdata", ".tbss", ".init.",
		".exit.", ".ref.", ".kpatch.", NULL,
	};
	const char *const *p;

	if (!(s->sh.sh_flags & SHF_ALLOC) || s->sh.sh_type == SHT_RELA ||
	    s->special || s->include ||
	    is_ignored_section(s) || is_text(s) || is_string_section(s))
		return false;
	for (p = others; *p; p++)
		if (!strncmp(s->name, *p, strlen(*p)))
			return false;
	return true;
}

/* What an entry's field points at: a twin pair, or the same string. */
static bool same_target(struct cdo *c, const struct reloc *rp,
			const struct reloc *ro)
{
	struct symbol *tp = reloc_target(c->patched, rp);
	struct symbol *to = reloc_target(c->orig, ro);
	const struct section *sp = rp->sym ? rp->sym->sec : NULL;
	const struct section *so = ro->sym ? ro->sym->sec : NULL;
	long op = reloc_target_offset(rp), oo = reloc_target_offset(ro);

	if (tp || to)
		return tp && to && (tp->twin == to || !strcmp(tp->name, to->name)) &&
		       op - (long)tp->sym.st_value == oo - (long)to->sym.st_value;
	if (!sp || !so)
		return rp->sym && ro->sym && !strcmp(rp->sym->name, ro->sym->name) &&
		       op == oo;
	if (is_string_section(sp) && is_string_section(so) && sp->data && so->data &&
	    op >= 0 && oo >= 0 && (size_t)op < sp->size && (size_t)oo < so->size)
		return !strcmp((const char *)sp->data + op, (const char *)so->data + oo);
	return !strcmp(sp->name, so->name) && op == oo;
}

static bool same_table(struct cdo *c, const struct section *p,
		       const struct section *o)
{
	size_t i;

	if (p->size != o->size || p->nr_relocs != o->nr_relocs ||
	    (p->data && o->data && memcmp(p->data, o->data, p->size)))
		return false;
	for (i = 0; i < p->nr_relocs; i++) {
		const struct reloc *rp = &p->relocs[i], *ro = &o->relocs[i];

		if (rp->offset != ro->offset || rp->type != ro->type ||
		    !same_target(c, rp, ro))
			return false;
	}
	return true;
}

void check_tables(struct cdo *c)
{
	size_t i;

	for (i = 1; i < c->patched->nr_secs; i++) {
		struct section *p = &c->patched->secs[i];
		struct section *o;

		if (!is_table(p))
			continue;
		o = p->twin;	/* several of one name: each its own (correlate.c) */
		if (!o)
			refuse(c, "new table section %s: the kernel reads its "
			       "entries at boot or module load, so a live patch "
			       "cannot add them (a new PCI fixup, initcall or "
			       "module parameter, for example)", p->name);
		else if (!same_table(c, p, o))
			refuse(c, "the entries of %s change: the kernel read that "
			       "table at boot or module load, so a live patch "
			       "cannot add, remove or change them (a PCI fixup, "
			       "initcall or module parameter, for example)",
			       p->name);
	}
}
