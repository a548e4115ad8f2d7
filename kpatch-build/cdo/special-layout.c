// SPDX-License-Identifier: GPL-2.0
/*
 * The layout of a special section: how many entries it has under the
 * entry size given for it. Older kernels pad every entry but the last
 * (.parainstructions, __jump_table), so a section may end in a short
 * entry. A wrong size from the environment would make every entry after
 * the first be read at the wrong place, so the size is checked against
 * where the section's relocations fall:
 * - every entry's first field, the one naming its function, is relocated;
 * - every relocation falls on a field of the fullest entry, with that
 *   field's relocation type.
 * An entry may have fewer relocations than its neighbours (an alternative
 * whose replacement is `.long 0`); what no entry of that size can hold is
 * a mismatch.
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"
#include "special.h"

#define MAX_FIELDS 16

struct field {
	unsigned long off;	/* within the entry */
	unsigned int type;
};

static const char *size_from(const struct special *sp)
{
	return sp->size_env ? sp->size_env : "special.c";
}

/* The relocated fields of the entry at start. */
static size_t entry_fields(const struct section *s, const struct special *sp,
			   unsigned long start, struct field *out)
{
	size_t j = reloc_index(s, start), n = 0;

	for (; j < s->nr_relocs && s->relocs[j].offset < start + sp->size; j++) {
		if (n == MAX_FIELDS)
			die(CDO_ERROR, "%s: more than %d relocations in the entry "
			    "at 0x%lx under the entry size %zu (%s): the size "
			    "is wrong", s->name, MAX_FIELDS, start, sp->size,
			    size_from(sp));
		out[n].off = s->relocs[j].offset - start;
		out[n++].type = s->relocs[j].type;
	}
	return n;
}

/* The fields of the entry with the most relocations: every entry's. */
static size_t fullest(const struct section *s, const struct special *sp,
		      size_t nr, struct field *f)
{
	struct field cur[MAX_FIELDS];
	size_t i, n, best = 0;

	for (i = 0; i < nr; i++) {
		n = entry_fields(s, sp, i * sp->size, cur);
		if (n > best) {
			memcpy(f, cur, n * sizeof(*f));
			best = n;
		}
	}
	return best;
}

static bool is_field(const struct field *f, size_t nf, const struct field *x)
{
	size_t k;

	for (k = 0; k < nf; k++)
		if (f[k].off == x->off)
			return f[k].type == x->type;
	return false;
}

static void check_entry(const struct section *s, const struct special *sp,
			size_t i, const struct field *f, size_t nf)
{
	struct field cur[MAX_FIELDS];
	unsigned long start = i * sp->size;
	size_t n = entry_fields(s, sp, start, cur), k;

	if (!n || cur[0].off)
		die(CDO_ERROR, "%s: the entry at 0x%lx has no relocation at its "
		    "first field (the site it belongs to) under the entry size "
		    "%zu (%s): the size is wrong", s->name, start, sp->size,
		    size_from(sp));
	for (k = 0; k < n; k++)
		if (!is_field(f, nf, &cur[k]))
			die(CDO_ERROR, "%s: the relocation at 0x%lx (type %u) "
			    "falls on no field of any entry under the entry "
			    "size %zu (%s): the size is wrong", s->name,
			    start + cur[k].off, cur[k].type, sp->size,
			    size_from(sp));
}

/* A last entry without its padding still holds every field. */
static void short_tail(const struct section *s, const struct special *sp,
		       const struct field *f, size_t nf)
{
	size_t have = s->size % sp->size, k;

	for (k = 0; k < nf; k++)
		if (f[k].off >= have)
			die(CDO_ERROR, "%s: size %zu is not a multiple of its entry "
			    "size %zu (%s), and its last %zu bytes lack the "
			    "field at +%lu", s->name, s->size, sp->size,
			    size_from(sp), have, f[k].off);
	log_debug("%s: last entry has %zu of %zu bytes (no tail padding)",
		  s->name, have, sp->size);
}

size_t special_entries(struct section *s, const struct special *sp)
{
	struct field f[MAX_FIELDS];
	size_t es = sp->size, nr = (s->size + es - 1) / es, nf, i;

	if (!s->nr_relocs)
		return s->size / es;	/* nothing in it names a function */
	nf = fullest(s, sp, nr, f);
	for (i = 0; i < nr; i++)
		check_entry(s, sp, i, f, nf);
	if (s->size % es)
		short_tail(s, sp, f, nf);
	return nr;
}

/*
 * The sections without a size variable list one address per entry, and
 * how wide that address is changed between kernels (.discard.retpoline_safe
 * is _ASM_PTR in 6.1, .long in 6.12): when one relocation of a single type
 * sits at every multiple of its width and they fill the section, that
 * width is the entry size. Anything else keeps the table's size, which
 * special_entries() then checks.
 */
size_t special_entry_size(const struct section *s, const struct special *sp)
{
	size_t i, w;

	if (sp->size_env || sp->owner || sp->kind != KEEP_BY_FUNCTION ||
	    !s->nr_relocs)
		return sp->size;
	w = reloc_size(s->relocs[0].type);
	if (w == sp->size || (w != 4 && w != 8) || s->size != s->nr_relocs * w)
		return sp->size;
	for (i = 0; i < s->nr_relocs; i++)
		if (s->relocs[i].type != s->relocs[0].type ||
		    s->relocs[i].offset != i * w)
			return sp->size;
	log_debug("%s: entries of %zu bytes, as wide as their relocations",
		  s->name, w);
	return w;
}
