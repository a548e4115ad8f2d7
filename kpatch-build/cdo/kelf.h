/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one ELF layer of create-diff-object: an x86_64 relocatable object read
 * into sections, symbols and relocations with hashed lookups by name. Every
 * index and offset taken from the file is checked when it is read, so later
 * passes can follow pointers without re-validating.
 */
#ifndef CDO_KELF_H
#define CDO_KELF_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>

#include "hash.h"

enum status { ST_UNKNOWN, ST_SAME, ST_CHANGED, ST_NEW };

struct symbol;

struct reloc {
	struct section *sec;	/* the section it applies to */
	unsigned long offset;
	unsigned int type;
	long addend;
	struct symbol *sym;
};

struct section {
	char *name;
	GElf_Shdr sh;
	unsigned char *data;	/* NULL for SHT_NOBITS */
	size_t size;
	size_t index;
	struct hash_node hnode;

	struct section *base;	/* SHT_RELA: the section it applies to */
	struct section *rela;	/* the SHT_RELA section applying to this one */
	struct reloc *relocs;	/* sorted by offset (kept on the base) */
	size_t nr_relocs;

	unsigned int *insn_ends; /* text: instruction ends (decode.c) */
	long *label_offs;	/* anonymous data: offsets referred to (anon.c) */
	size_t nr_labels;
	bool labels_done;
	size_t nr_insns;
	struct symbol **symbols; /* its functions and objects, by value */
	size_t nr_symbols;
	struct symbol *secsym;	/* its STT_SECTION symbol */
	struct symbol *sym;	/* the function/object it holds alone */
	struct section *twin;
	enum status status;
	bool include;
	bool ignore;		/* KPATCH_IGNORE_SECTION */
	bool special;		/* entries filtered by special.c */
	bool scanned;		/* relocations followed by include.c */
	/* What output.c writes: the whole section, or kept entries only. */
	unsigned char *out_data;
	size_t out_size;
	struct reloc *out_relocs;
	size_t nr_out_relocs;
	size_t out_index;
};

struct symbol {
	char *name;
	GElf_Sym sym;
	size_t index;
	unsigned char type, bind;
	struct section *sec;	/* NULL when undefined or absolute */
	struct hash_node hnode;

	struct symbol *twin;
	struct symbol *parent;	/* foo for foo.cold */
	enum status status;
	bool include;
	bool ignore;		/* KPATCH_IGNORE_FUNCTION */
	bool force;		/* KPATCH_FORCE_UNSAFE */
	bool has_fentry;
	/* Which functions use it, as a sum of name hashes (correlate.c). */
	unsigned long users_sig;
	unsigned int nr_users;
	struct symbol *last_user;
	bool refused;
	/* Static locals: the original the twin functions point at (statics.c). */
	struct symbol *vote;
	bool vote_conflict, twin_user;
	bool moved;		/* in another kind of section than its twin */
	bool fresh_said;	/* its fresh start is a fact already (state.c) */
	bool own;		/* copied alone out of a shared section */
	/* No fentry call: replaced through its callers (callers.c), or why not. */
	bool via_callers;
	char *callers_why;
	struct symbol *via_callee;	/* changed only for calling this one */
	size_t out_index, own_index;
};

struct elf {
	const char *path;
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
	struct section *secs;	/* index 0 is the null section */
	size_t nr_secs;
	struct symbol *syms;	/* index 0 is the null symbol */
	size_t nr_syms;
	struct section *symtab;
	struct hash sec_hash, sym_hash;
	const char *file_sym;	/* STT_FILE name, for symbol positions */
};

struct elf *elf_read(const char *path);
int elf_index_symbols(struct elf *e);
void elf_close(struct elf *e);

struct section *find_section(struct elf *e, const char *name);
struct symbol *find_symbol(struct elf *e, const char *name);
/* The function or object symbol covering offset off of sec, if any. */
struct symbol *symbol_at(struct elf *e, struct section *sec,
			 unsigned long off);

static inline bool is_text(const struct section *s)
{
	return s && s->sh.sh_type == SHT_PROGBITS &&
	       (s->sh.sh_flags & SHF_EXECINSTR);
}

static inline bool is_func(const struct symbol *s)
{
	return s->type == STT_FUNC;
}

/* Strings in mergeable sections or string literal sections. */
static inline bool is_string_section(const struct section *s)
{
	return s && (s->sh.sh_flags & SHF_STRINGS);
}

struct symbol *reloc_symbol_at(struct elf *e, const struct reloc *r);
/*
 * What a relocation points at, whether it is a data field or a code
 * operand, looking through section symbols: the one answer for it.
 */
struct symbol *reloc_target(struct elf *e, const struct reloc *r);
/* The bytes a relocation of this type writes; (size_t)-1 if unknown. */
size_t reloc_size(unsigned int type);
/* The first relocation of s at or after off; the one exactly at off. */
size_t reloc_index(const struct section *s, unsigned long off);
struct reloc *reloc_find(struct section *s, unsigned long off);
/* The relocations applying to sym's bytes (its section's, if it is alone). */
size_t symbol_relocs(const struct symbol *sym, struct reloc **first);
bool is_pcrel(unsigned int type);
/* The offset into its target section a relocation refers to. */
long reloc_target_offset(const struct reloc *r);

#endif
