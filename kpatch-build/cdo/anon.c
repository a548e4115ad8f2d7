// SPDX-License-Identifier: GPL-2.0
/*
 * Constants without a symbol: the .LC labels GCC gives initialisers and
 * literal pools (.rodata, .rodata.cst16). A reference to one is a section
 * and an offset, and the offset may stay the same while the bytes behind
 * it change (a struct initialiser's value), so two such references are the
 * same only when the bytes they reach are. A label's bytes run to the next
 * offset anything in the object refers to, or to the section's end; in a
 * mergeable section of fixed-size entries, one entry.
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* Every offset of sec that a relocation of e refers to, sorted. */
static void find_labels(struct elf *e, struct section *sec)
{
	size_t i, j, cap = 16;

	sec->labels_done = true;
	sec->label_offs = malloc(cap * sizeof(long));
	if (!sec->label_offs)
		return;
	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		for (j = 0; j < s->nr_relocs; j++) {
			if (s->relocs[j].sym->sec != sec ||
			    s->relocs[j].sym->type != STT_SECTION)
				continue;
			if (sec->nr_labels == cap) {
				long *n = realloc(sec->label_offs, 2 * cap * sizeof(long));

				if (!n)
					return;
				sec->label_offs = n;
				cap *= 2;
			}
			sec->label_offs[sec->nr_labels++] = reloc_target_offset(&s->relocs[j]);
		}
	}
	qsort(sec->label_offs, sec->nr_labels, sizeof(long), cmp_long);
}

static size_t extent(struct elf *e, struct section *sec, long off)
{
	size_t i;

	if ((sec->sh.sh_flags & SHF_MERGE) && sec->sh.sh_entsize)
		return sec->sh.sh_entsize;
	if (!sec->labels_done)
		find_labels(e, sec);
	for (i = 0; i < sec->nr_labels; i++)
		if (sec->label_offs[i] > off)
			return (size_t)(sec->label_offs[i] - off);
	return sec->size - (size_t)off;
}

bool same_anon_data(struct cdo *c, struct section *p, long poff,
		    struct section *o, long ooff)
{
	size_t pn, on;

	if (!p->data || !o->data || (p->sh.sh_flags & SHF_WRITE) ||
	    poff < 0 || ooff < 0 || (size_t)poff > p->size || (size_t)ooff > o->size)
		return true;	/* writable or empty: the offset is what counts */
	pn = extent(c->patched, p, poff);
	on = extent(c->orig, o, ooff);
	if (pn != on || (size_t)poff + pn > p->size || (size_t)ooff + on > o->size)
		return false;
	return !memcmp(p->data + poff, o->data + ooff, pn);
}
