/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The object being written: sections with their data and relocations, and
 * a symbol table built locals first, as ELF requires.
 */
#ifndef CDO_OUT_H
#define CDO_OUT_H

#include <gelf.h>
#include <stddef.h>

#include "cdo.h"

struct buf {
	unsigned char *p;
	size_t len, cap;
};

struct out_sec {
	const char *name;
	GElf_Shdr sh;
	struct buf data;
	struct buf rela;	/* Elf64_Rela entries */
	size_t symidx;		/* its section symbol */
};

struct out {
	struct out_sec *secs;	/* index 0 unused, as in ELF */
	size_t nr_secs, cap_secs;
	struct buf syms;	/* Elf64_Sym */
	struct buf strtab;
	size_t first_global;
	struct hash externs;	/* undefined globals by name */
	size_t strings, funcs, relocs, objects;	/* .kpatch.* sections */
	size_t relocs_early;	/* .kpatch.relocs.early: written at COMING */
};

size_t buf_add(struct buf *b, const void *p, size_t len);
size_t out_string(struct out *o, const char *s);	/* .kpatch.strings */
size_t out_section(struct out *o, const char *name, GElf_Word type,
		   GElf_Xword flags, GElf_Xword align);
void out_rela(struct out *o, size_t sec, unsigned long off,
	      unsigned int type, size_t sym, long addend);
size_t out_symbol(struct out *o, const char *name, unsigned char info,
		  size_t shndx, unsigned long value, unsigned long size);

/* records.c: the .kpatch.* sections the patch module glue reads. */
void out_records(struct cdo *c, struct out *o);
void out_kpatch_reloc(struct cdo *c, struct out *o, size_t sec,
		      unsigned long off, unsigned int type, void *ref);

/* write.c */
int out_write(struct out *o, const char *path);

#endif
