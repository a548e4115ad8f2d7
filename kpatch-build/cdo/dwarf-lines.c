// SPDX-License-Identifier: GPL-2.0
/*
 * Source lines of patched functions, and changes that come only from
 * inlined code, from the patched object's DWARF (libdw). A relocatable
 * object's debug info is only meaningful with its relocations applied,
 * so it is opened through libdwfl's offline reporting, which lays the
 * sections out at distinct addresses and relocates .debug_* to match.
 *
 * A function is found by its DW_TAG_subprogram with code: its name (or
 * its abstract origin's, for a GCC clone) and its size. Without DWARF
 * (no -g) nothing is reported.
 *
 * "Inline-only" is claimed only when it is provable from the two objects:
 * both versions are equally long, and every byte and relocation in which
 * they differ lies inside the code the patched version inlines from one
 * function (a DW_TAG_inlined_subroutine). A changed inlined body of
 * another length shifts the caller's own code too, and then which part
 * changed cannot be told from the objects: no fact is given.
 */
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "facts.h"
#include "layout.h"
#include "log.h"

struct dwarf_info {
	Dwfl *dwfl;
	Dwfl_Module *mod;
};

struct dwarf_info *dwarf_open(const char *path)
{
	struct dwarf_info *d = calloc(1, sizeof(*d));

	if (!d)
		die(CDO_ERROR, "out of memory");
	d->dwfl = dwfl_open_object(path, &d->mod);
	if (!d->dwfl) {
		log_debug("no DWARF read from %s: %s", path, dwfl_errmsg(-1));
		dwarf_close(d);
		return NULL;
	}
	return d;
}

void dwarf_close(struct dwarf_info *d)
{
	if (!d)
		return;
	if (d->dwfl)
		dwfl_end(d->dwfl);
	free(d);
}

/* The out-of-line subprogram DIE of f, and its CU. */
static bool find_die(struct dwarf_info *d, const struct symbol *f,
		     Dwarf_Die *cu_out, Dwarf_Die *out, Dwarf_Addr *lo)
{
	size_t base = strcspn(f->name, ".");
	Dwarf_Die *cu = NULL, die;
	Dwarf_Addr bias, hi;

	while ((cu = dwfl_module_nextcu(d->mod, cu, &bias))) {
		if (dwarf_child(cu, &die))
			continue;
		do {
			Dwarf_Attribute a;
			const char *name;

			if (dwarf_tag(&die) != DW_TAG_subprogram ||
			    dwarf_lowpc(&die, lo) || dwarf_highpc(&die, &hi) ||
			    !dwarf_attr_integrate(&die, DW_AT_name, &a) ||
			    !(name = dwarf_formstring(&a)) ||
			    strlen(name) != base || strncmp(name, f->name, base) ||
			    hi - *lo != f->sym.st_size)
				continue;
			*cu_out = *cu;
			*out = die;
			return true;
		} while (!dwarf_siblingof(&die, &die));
	}
	return false;
}

struct inl {
	const char *name;
	Dwarf_Addr lo, hi;
};

/* The inlined_subroutine ranges under die, depth first. */
static void inlines(Dwarf_Die *die, struct inl *v, size_t *n, size_t max)
{
	Dwarf_Die child;

	if (dwarf_child(die, &child))
		return;
	do {
		int tag = dwarf_tag(&child);

		if (tag == DW_TAG_inlined_subroutine) {
			Dwarf_Attribute a;
			const char *name = dwarf_attr_integrate(&child, DW_AT_name, &a) ?
					   dwarf_formstring(&a) : NULL;
			Dwarf_Addr base, lo, hi;
			ptrdiff_t off = 0;

			while (name && *n < max &&
			       (off = dwarf_ranges(&child, off, &base, &lo, &hi)) > 0)
				v[(*n)++] = (struct inl){ name, lo, hi };
		}
		if (tag == DW_TAG_inlined_subroutine || tag == DW_TAG_lexical_block)
			inlines(&child, v, n, max);
	} while (!dwarf_siblingof(&child, &child));
}

static bool in_inline(const struct inl *v, size_t n, Dwarf_Addr addr)
{
	while (n--)
		if (addr >= v[n].lo && addr < v[n].hi)
			return true;
	return false;
}

/*
 * The declaration line to the last line of the function's own code in
 * its file: code inlined from elsewhere in the same file is left out.
 */
void report_lines(struct dwarf_info *d, struct symbol *f)
{
	static struct inl v[512];
	Dwarf_Die cu, die;
	Dwarf_Lines *lines;
	Dwarf_Addr lo, a;
	size_t n, i, nv = 0;
	const char *file;
	int first = 0, last = 0, l;

	if (!d || !find_die(d, f, &cu, &die, &lo) ||
	    !(file = dwarf_decl_file(&die)) || dwarf_decl_line(&die, &first) ||
	    dwarf_getsrclines(&cu, &lines, &n))
		return;
	last = first;
	inlines(&die, v, &nv, sizeof(v) / sizeof(v[0]));
	for (i = 0; i < n; i++) {
		Dwarf_Line *line = dwarf_onesrcline(lines, i);
		const char *src;
		bool end;

		/* A sequence's end is the next section's address: not ours. */
		if (!line || dwarf_lineendsequence(line, &end) || end ||
		    dwarf_lineaddr(line, &a) || a < lo ||
		    a >= lo + f->sym.st_size || dwarf_lineno(line, &l) ||
		    !(src = dwarf_linesrc(line, NULL, NULL)) || strcmp(src, file) ||
		    in_inline(v, nv, a))
			continue;
		if (l > last)
			last = l;
	}
	report_fact("lines", f->name, "%s:%d-%d", file, first, last);
}

/* Offsets (from the function's start) where p and its twin differ. */
static size_t differences(struct symbol *p, unsigned long *at, size_t max)
{
	struct symbol *o = p->twin;
	struct reloc *rp, *ro;
	size_t np = symbol_relocs(p, &rp), no = symbol_relocs(o, &ro), i, k = 0;
	unsigned long j;

	for (i = 0; i < np || i < no; i++) {
		bool same = i < np && i < no &&
			    rp[i].offset - p->sym.st_value ==
			    ro[i].offset - o->sym.st_value &&
			    rp[i].addend == ro[i].addend &&
			    !strcmp(rp[i].sym->name, ro[i].sym->name);

		if (!same && k < max)
			at[k++] = (i < np ? rp[i].offset - p->sym.st_value :
				   ro[i].offset - o->sym.st_value);
	}
	for (j = 0; j < p->sym.st_size && k < max; j++)
		if (p->sec->data[p->sym.st_value + j] !=
		    o->sec->data[o->sym.st_value + j])
			at[k++] = j;
	return k;
}

static bool covered(const struct inl *v, size_t n, const char *name,
		    Dwarf_Addr addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name) && addr >= v[i].lo && addr < v[i].hi)
			return true;
	return false;
}

const char *inlined_change(struct dwarf_info *d, struct symbol *p)
{
	static struct inl v[512];
	unsigned long at[256];
	Dwarf_Die cu, die;
	Dwarf_Addr lo;
	size_t nv = 0, nd, i, k;

	if (!d || !p->twin || !p->sec->data || !p->twin->sec->data ||
	    p->sym.st_size != p->twin->sym.st_size || !is_text(p->sec) ||
	    !find_die(d, p, &cu, &die, &lo))
		return NULL;
	nd = differences(p, at, sizeof(at) / sizeof(at[0]));
	if (!nd || nd == sizeof(at) / sizeof(at[0]))
		return NULL;
	inlines(&die, v, &nv, sizeof(v) / sizeof(v[0]));
	/* A callee covering the first difference that covers them all. */
	for (i = nv; i-- > 0;) {	/* innermost first */
		if (!strncmp(v[i].name, p->name, strcspn(p->name, ".")) &&
		    !v[i].name[strcspn(p->name, ".")])
			continue;	/* itself, partly inlined into its copy */
		if (!covered(v, nv, v[i].name, lo + at[0]))
			continue;
		for (k = 1; k < nd && covered(v, nv, v[i].name, lo + at[k]); k++)
			;
		if (k == nd)
			return v[i].name;
	}
	return NULL;
}

bool declared_inline(struct dwarf_info *d, const struct symbol *f)
{
	Dwarf_Die cu, die;
	Dwarf_Attribute a;
	Dwarf_Addr lo;
	Dwarf_Word v;

	return d && find_die(d, f, &cu, &die, &lo) &&
	       dwarf_attr_integrate(&die, DW_AT_inline, &a) &&
	       !dwarf_formudata(&a, &v) &&
	       (v == DW_INL_declared_inlined || v == DW_INL_declared_not_inlined);
}
