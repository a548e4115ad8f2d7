// SPDX-License-Identifier: GPL-2.0
/*
 * The layout of a special section: how many entries it has under the
 * entry size given for it. Older kernels pad every entry but the last
 * (.parainstructions, __jump_table), so a section may end in a short
 * entry. A wrong size from the environment would make every entry after
 * the first be read at the wrong place, so the size is checked against
 * where the section's relocations fall: the same fields of every entry
 * are relocated.
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"
#include "special.h"

#define MAX_FIELDS 16

/* The relocated field offsets of entry i under entry size es. */
static size_t fields(const struct section *s, size_t es, size_t i,
		     unsigned long *out)
{
	size_t j = reloc_index(s, i * es), n = 0;

	for (; j < s->nr_relocs && s->relocs[j].offset < (i + 1) * es; j++) {
		if (n == MAX_FIELDS)
			return MAX_FIELDS + 1;
		out[n++] = s->relocs[j].offset - i * es;
	}
	return n;
}

/* Every entry under es has the relocated fields of the first. */
static bool repeats(const struct section *s, size_t es)
{
	unsigned long first[MAX_FIELDS], f[MAX_FIELDS];
	size_t n0 = fields(s, es, 0, first), i, n;

	if (!n0 || n0 > MAX_FIELDS || first[n0 - 1] >= es)
		return false;
	for (i = 1; i * es < s->size; i++) {
		n = fields(s, es, i, f);
		if (n != n0 || memcmp(f, first, n * sizeof(*f)))
			return false;
	}
	return true;
}

/* The last entry is short but holds all its relocated fields. */
static bool short_tail(const struct section *s, size_t es)
{
	unsigned long first[MAX_FIELDS], f[MAX_FIELDS];
	size_t last = s->size / es, n0 = fields(s, es, 0, first), n;

	n = fields(s, es, last, f);
	return n0 && n == n0 && !memcmp(f, first, n * sizeof(*f));
}

size_t special_entries(struct section *s, const struct special *sp)
{
	size_t es = sp->size, p;
	bool checkable = s->nr_relocs >= 2 && s->size >= 2 * es;

	if (checkable && !repeats(s, es)) {
		for (p = 2; p <= 256; p++)
			if (p != es && s->size >= 2 * p && repeats(s, p))
				die(CDO_ERROR, "%s: its relocations repeat every %zu "
				    "bytes, but the entry size is %zu%s%s: a wrong "
				    "size would misread every entry", s->name, p, es,
				    sp->size_env ? " from " : "",
				    sp->size_env ? sp->size_env : "");
		log_debug("%s: relocations follow no fixed pattern", s->name);
	}
	if (s->size % es == 0)
		return s->size / es;
	if (s->nr_relocs && short_tail(s, es)) {
		log_debug("%s: last entry has %zu of %zu bytes (no tail padding)",
			  s->name, s->size % es, es);
		return s->size / es + 1;
	}
	die(CDO_ERROR, "%s: size %zu is not a multiple of its entry size %zu%s%s",
	    s->name, s->size, es, sp->size_env ? "; set " : "",
	    sp->size_env ? sp->size_env : "");
	return 0;
}
