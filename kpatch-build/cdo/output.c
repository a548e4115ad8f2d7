// SPDX-License-Identifier: GPL-2.0
/*
 * Building the output object from what include.c marked: the included
 * sections (special ones with only their kept entries), their symbols, and
 * their relocations rewritten for the way each target is reached.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "out.h"
#include "resolve.h"

size_t buf_add(struct buf *b, const void *p, size_t len)
{
	size_t at = b->len;

	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *n;

		while (cap < b->len + len)
			cap *= 2;
		n = realloc(b->p, cap);
		if (!n)
			die(CDO_ERROR, "out of memory");
		b->p = n;
		b->cap = cap;
	}
	if (p)
		memcpy(b->p + at, p, len);
	else
		memset(b->p + at, 0, len);
	b->len += len;
	return at;
}

size_t out_section(struct out *o, const char *name, GElf_Word type,
		   GElf_Xword flags, GElf_Xword align)
{
	struct out_sec *s;

	if (o->nr_secs + 1 >= o->cap_secs) {
		o->cap_secs = o->cap_secs ? 2 * o->cap_secs : 64;
		o->secs = realloc(o->secs, o->cap_secs * sizeof(*o->secs));
		if (!o->secs)
			die(CDO_ERROR, "out of memory");
	}
	if (!o->nr_secs)
		memset(&o->secs[o->nr_secs++], 0, sizeof(*s));
	s = &o->secs[o->nr_secs];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->sh.sh_type = type;
	s->sh.sh_flags = flags;
	s->sh.sh_addralign = align;
	return o->nr_secs++;
}

void out_rela(struct out *o, size_t sec, unsigned long off,
	      unsigned int type, size_t sym, long addend)
{
	Elf64_Rela r = {
		.r_offset = off,
		.r_info = ELF64_R_INFO(sym, type),
		.r_addend = addend,
	};

	buf_add(&o->secs[sec].rela, &r, sizeof(r));
}

size_t out_symbol(struct out *o, const char *name, unsigned char info,
		  size_t shndx, unsigned long value, unsigned long size)
{
	Elf64_Sym s = {
		.st_info = info,
		.st_shndx = (Elf64_Section)shndx,
		.st_value = value,
		.st_size = size,
	};

	if (!o->strtab.len)
		buf_add(&o->strtab, "", 1);
	if (*name)
		s.st_name = (Elf64_Word)buf_add(&o->strtab, name, strlen(name) + 1);
	if (shndx >= SHN_LORESERVE && shndx != SHN_ABS)
		die(CDO_ERROR, "too many sections in the output");
	return buf_add(&o->syms, &s, sizeof(s)) / sizeof(s);
}

static size_t extern_symbol(struct out *o, const char *name)
{
	struct hash_node *n = hash_first(&o->externs, name);

	if (n)
		return (size_t)(uintptr_t)n->owner;
	n = calloc(1, sizeof(*n));
	if (!n)
		die(CDO_ERROR, "out of memory");
	hash_add(&o->externs, n, name, (void *)(uintptr_t)
		 out_symbol(o, name, GELF_ST_INFO(STB_GLOBAL, STT_NOTYPE), 0, 0, 0));
	return (size_t)(uintptr_t)n->owner;
}

static void add_sections(struct cdo *c, struct out *o)
{
	struct elf *e = c->patched;
	size_t i;

	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];
		struct out_sec *os;

		if (!s->include)
			continue;
		s->out_index = out_section(o, s->name, s->sh.sh_type,
					   s->sh.sh_flags & ~(GElf_Xword)SHF_GROUP,
					   s->sh.sh_addralign);
		os = &o->secs[s->out_index];
		os->sh.sh_entsize = s->sh.sh_entsize;
		if (s->sh.sh_type == SHT_NOBITS)
			os->sh.sh_size = s->size;
		else
			buf_add(&os->data, s->out_data, s->out_size);
	}
	/* Variables copied alone out of a section shared with the kernel's. */
	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];
		struct out_sec *os;

		if (!s->own)
			continue;
		s->own_index = out_section(o, s->sec->name, s->sec->sh.sh_type,
					   s->sec->sh.sh_flags & ~(GElf_Xword)SHF_GROUP,
					   s->sec->sh.sh_addralign);
		os = &o->secs[s->own_index];
		if (s->sec->sh.sh_type == SHT_NOBITS)
			os->sh.sh_size = s->sym.st_size;
		else
			buf_add(&os->data, s->sec->data + s->sym.st_value,
				s->sym.st_size);
	}
	o->strings = out_section(o, ".kpatch.strings", SHT_PROGBITS, SHF_ALLOC, 1);
	o->funcs = out_section(o, ".kpatch.funcs", SHT_PROGBITS,
			       SHF_ALLOC | SHF_WRITE, 8);
	o->relocs = out_section(o, ".kpatch.relocs", SHT_PROGBITS,
				SHF_ALLOC | SHF_WRITE, 8);
	o->relocs_early = out_section(o, ".kpatch.relocs.early", SHT_PROGBITS,
				      SHF_ALLOC | SHF_WRITE, 8);
	o->objects = out_section(o, ".kpatch.objects", SHT_PROGBITS,
				 SHF_ALLOC | SHF_WRITE, 8);
}

static bool emitted(const struct symbol *s)
{
	return s->own || (s->sec && s->sec->include && !s->sec->special &&
			  s->type != STT_SECTION && s->type != STT_FILE && s->index);
}

/*
 * The patch's copy of anything the kernel has (a replaced function, its
 * aliases) is local to the patch module. Were it global, the module's own
 * references to that name (the glue's kcalloc(), kfree(), _printk()) would
 * bind to the copy when kbuild links the module, and run it before kpatch.ko
 * has written its relocations; the core finds a replacement through its
 * .kpatch.funcs record, not by name. A new global keeps its binding: another
 * object of the same patch may call it (include.c refuses one named like an
 * export, which the module's own references could bind to).
 */
static unsigned char out_bind(const struct symbol *s)
{
	return s->twin ? STB_LOCAL : s->bind;
}

static void add_symbols(struct cdo *c, struct out *o)
{
	struct elf *e = c->patched;
	size_t i;
	int pass;

	out_symbol(o, "", 0, 0, 0, 0);
	if (e->file_sym)
		out_symbol(o, e->file_sym, GELF_ST_INFO(STB_LOCAL, STT_FILE),
			   SHN_ABS, 0, 0);
	for (i = 1; i < o->nr_secs; i++)
		o->secs[i].symidx = out_symbol(o, "", GELF_ST_INFO(STB_LOCAL,
					       STT_SECTION), i, 0, 0);
	/* Locals, then globals. */
	for (pass = 0; pass < 2; pass++) {
		if (pass)
			o->first_global = o->syms.len / sizeof(Elf64_Sym);
		for (i = 1; i < e->nr_syms; i++) {
			struct symbol *s = &e->syms[i];

			if (!emitted(s) || (out_bind(s) == STB_LOCAL) == pass)
				continue;
			s->out_index = out_symbol(o, s->name,
						  GELF_ST_INFO(out_bind(s), s->type),
						  s->own ? s->own_index : s->sec->out_index,
						  s->own ? 0 : s->sym.st_value,
						  s->sym.st_size);
		}
	}
}

/* Relocations rs[0..n) moved back by shift, into output section idx. */
static void add_relocs(struct cdo *c, struct out *o, size_t idx,
		       struct reloc *rs, size_t n, unsigned long shift)
{
	size_t i, sym;

	for (i = 0; i < n; i++) {
		struct reloc *r = &rs[i];
		unsigned long off = r->offset - shift;
		struct ref ref;

		if (r->type == R_X86_64_NONE)
			continue;
		resolve_reloc(c, r, &ref);
		switch (ref.kind) {
		case REF_DEFINED:
			sym = ref.sym->type == STT_SECTION ?
			      o->secs[ref.sym->sec->out_index].symidx :
			      ref.sym->out_index;
			out_rela(o, idx, off, r->type, sym, ref.addend);
			break;
		case REF_EXPORTED:
			out_rela(o, idx, off, r->type, extern_symbol(o, ref.name),
				 ref.addend);
			break;
		case REF_KPATCH:
			out_kpatch_reloc(c, o, idx, off, r->type, &ref);
			break;
		}
	}
}

static void out_free(struct out *o)
{
	size_t i;

	for (i = 0; i < o->nr_secs; i++) {
		free(o->secs[i].data.p);
		free(o->secs[i].rela.p);
	}
	for (i = 0; o->externs.buckets && i < o->externs.nr_buckets; i++) {
		struct hash_node *n = o->externs.buckets[i], *next;

		for (; n; n = next) {
			next = n->next;
			free(n);
		}
	}
	hash_free(&o->externs);
	free(o->secs);
	free(o->syms.p);
	free(o->strtab.p);
}

int write_output(struct cdo *c, const char *path)
{
	struct out o;
	size_t i;
	int ret;

	memset(&o, 0, sizeof(o));
	if (hash_init(&o.externs, 256))
		die(CDO_ERROR, "out of memory");
	add_sections(c, &o);
	add_symbols(c, &o);
	for (i = 1; i < c->patched->nr_secs; i++) {
		struct section *s = &c->patched->secs[i];

		if (s->include)
			add_relocs(c, &o, s->out_index, s->out_relocs,
				   s->nr_out_relocs, 0);
	}
	for (i = 1; i < c->patched->nr_syms; i++) {
		struct symbol *s = &c->patched->syms[i];
		struct reloc *r;
		size_t n;

		if (s->own) {
			n = symbol_relocs(s, &r);
			add_relocs(c, &o, s->own_index, r, n, s->sym.st_value);
		}
	}
	out_records(c, &o);
	ret = out_write(&o, path);
	out_free(&o);
	return ret;
}
