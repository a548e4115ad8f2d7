// SPDX-License-Identifier: GPL-2.0
/* Lookups over a read object and small facts about x86_64 relocations. */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "kelf.h"

struct section *find_section(struct elf *e, const char *name)
{
	struct hash_node *n = hash_first(&e->sec_hash, name);

	return n ? n->owner : NULL;
}

/* Prefers a defined symbol over an undefined one of the same name. */
struct symbol *find_symbol(struct elf *e, const char *name)
{
	struct symbol *first = NULL;
	struct hash_node *n;

	hash_for_each_key(&e->sym_hash, name, n) {
		struct symbol *s = n->owner;

		if (s->type == STT_SECTION || s->type == STT_FILE)
			continue;
		if (s->sec)
			return s;
		if (!first)
			first = s;
	}
	return first;
}

static int cmp_value(const void *a, const void *b)
{
	const struct symbol *x = *(struct symbol * const *)a;
	const struct symbol *y = *(struct symbol * const *)b;

	if (x->sym.st_value != y->sym.st_value)
		return x->sym.st_value < y->sym.st_value ? -1 : 1;
	return x->index < y->index ? -1 : 1;
}

static bool is_func_or_object(const struct symbol *s)
{
	return s->type == STT_FUNC || s->type == STT_OBJECT;
}

/* Per-section arrays of function and object symbols sorted by value. */
int elf_index_symbols(struct elf *e)
{
	size_t i;

	for (i = 1; i < e->nr_syms; i++)
		if (e->syms[i].sec && is_func_or_object(&e->syms[i]))
			e->syms[i].sec->nr_symbols++;
	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		s->symbols = calloc(s->nr_symbols + 1, sizeof(*s->symbols));
		if (!s->symbols)
			return -1;
		s->nr_symbols = 0;
	}
	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (s->sec && is_func_or_object(s))
			s->sec->symbols[s->sec->nr_symbols++] = s;
	}
	for (i = 1; i < e->nr_secs; i++)
		qsort(e->secs[i].symbols, e->secs[i].nr_symbols,
		      sizeof(struct symbol *), cmp_value);
	return 0;
}

struct symbol *symbol_at(struct elf *e, struct section *sec,
			 unsigned long off)
{
	struct symbol *best = NULL;
	size_t i;

	(void)e;
	if (sec->sym && off < sec->sym->sym.st_value + sec->sym->sym.st_size)
		return sec->sym;
	for (i = 0; i < sec->nr_symbols; i++) {
		struct symbol *s = sec->symbols[i];

		if (s->sym.st_value > off)
			break;
		if (off >= s->sym.st_value &&
		    (off < s->sym.st_value + s->sym.st_size ||
		     (!s->sym.st_size && off == s->sym.st_value)))
			if (!best || s->sym.st_size > best->sym.st_size)
				best = s;
	}
	return best;
}

/* The symbol a relocation through a section symbol means. */
struct symbol *reloc_symbol_at(struct elf *e, const struct reloc *r)
{
	struct section *sec = r->sym->sec;
	long at = reloc_target_offset(r);

	if (!sec)
		return NULL;
	if (sec->sym)
		return sec->sym;
	return at >= 0 ? symbol_at(e, sec, at) : NULL;
}

struct symbol *reloc_target(struct elf *e, const struct reloc *r)
{
	return r->sym->type == STT_SECTION ? reloc_symbol_at(e, r) : r->sym;
}

size_t reloc_index(const struct section *s, unsigned long off)
{
	size_t lo = 0, hi = s->nr_relocs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->relocs[mid].offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct reloc *reloc_find(struct section *s, unsigned long off)
{
	size_t i = reloc_index(s, off);

	return i < s->nr_relocs && s->relocs[i].offset == off ? &s->relocs[i] : NULL;
}

size_t symbol_relocs(const struct symbol *sym, struct reloc **first)
{
	struct section *s = sym->sec;
	unsigned long start = sym->sym.st_value, end = start + sym->sym.st_size;
	size_t i, j;

	if (s->sym == sym) {
		start = 0;
		end = s->size;
	}
	i = reloc_index(s, start);
	for (j = i; j < s->nr_relocs && s->relocs[j].offset < end; j++)
		;
	*first = s->relocs + i;
	return j - i;
}

bool is_pcrel(unsigned int type)
{
	return type == R_X86_64_PC32 || type == R_X86_64_PLT32 ||
	       type == R_X86_64_PC64 || type == R_X86_64_PC16 ||
	       type == R_X86_64_PC8 || type == R_X86_64_GOTPCREL ||
	       type == R_X86_64_GOTPCRELX || type == R_X86_64_REX_GOTPCRELX;
}

/*
 * Where in the target a relocation points. In code, a PC-relative field is
 * relative to the end of its instruction; in data, to the field itself.
 */
long reloc_target_offset(const struct reloc *r)
{
	long end;

	if (!is_pcrel(r->type) || !r->sec || !is_text(r->sec))
		return r->addend;
	end = insn_end(r->sec, r->offset);
	return r->addend + (end > 0 ? end - (long)r->offset : 4);
}
