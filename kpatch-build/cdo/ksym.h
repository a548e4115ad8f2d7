/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parent's symbols, as `readelf -s --wide` printed them, and the
 * exported symbols of a Module.symvers: what exists in the kernel the patch
 * is for, and where a local symbol stands among same-named ones.
 */
#ifndef CDO_KSYM_H
#define CDO_KSYM_H

#include <stdbool.h>

#include "hash.h"

struct ksym {
	char *name;
	unsigned long addr, size;
	int type;		/* STT_* */
	bool local;
	bool weak;		/* STB_WEAK: no strong definition was linked */
	int file;		/* index of the STT_FILE block, -1 for globals */
	size_t order;		/* position in the table */
	struct hash_node hnode;
};

struct ksyms {
	struct ksym *syms;
	size_t nr;
	char **files;		/* STT_FILE names by block */
	size_t nr_files;
	struct hash hash;
	bool by_address;	/* vmlinux: kallsyms order is address order */
};

struct symvers {
	struct hash hash;	/* key: symbol, owner: module name */
	struct hash_node *nodes;
	char *buf;
};

struct elf;

struct ksyms *ksyms_read(const char *path, bool by_address);
void ksyms_free(struct ksyms *k);
void symvers_free(struct symvers *sv);
struct symvers *symvers_read(const char *path);
/* The module (or "vmlinux") exporting name, NULL when not exported. */
const char *symvers_owner(struct symvers *sv, const char *name);

/*
 * Finds the parent's symbol name defined by the object e (a local uses e's
 * STT_FILE block). Returns it with *sympos set to its 1-based position among
 * same-named symbols, or 0 when the name is unique; NULL when absent.
 * *ambiguous is set when several blocks could be e's.
 */
struct ksym *ksym_find(struct ksyms *k, struct elf *e, const char *name,
		       bool local, unsigned long *sympos, bool *ambiguous);

#endif
