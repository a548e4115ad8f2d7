/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_RESOLVE_H
#define CDO_RESOLVE_H

#include "cdo.h"

enum ref_kind {
	REF_DEFINED,	/* a symbol or section included in the patch */
	REF_EXPORTED,	/* resolved by the module loader, by name */
	REF_KPATCH,	/* resolved by kpatch.ko from a .kpatch.relocs record */
};

struct ref {
	enum ref_kind kind;
	struct symbol *sym;	/* REF_DEFINED */
	const char *name;	/* the kernel's name for it */
	const char *objname;	/* REF_KPATCH */
	unsigned long sympos;	/* REF_KPATCH */
	long addend;
};

bool exported_to_patch(struct cdo *c, const char *name);
/* dyndbg.c: a reference into __dyndbg, to the patch's own copy. */
bool dyndbg_resolve(struct cdo *c, const struct reloc *r, struct ref *ref);
void resolve_reloc(struct cdo *c, const struct reloc *r, struct ref *ref);

#endif
