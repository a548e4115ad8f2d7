// SPDX-License-Identifier: GPL-2.0
/*
 * Entries of the site lists that the module loader applies to the patch
 * module's own text in module_finalize() (arch/x86/kernel/module.c, 6.2+),
 * which kpatch changes the premises of.
 */
#include <string.h>

#include "cdo.h"
#include "log.h"
#include "resolve.h"
#include "special.h"

/*
 * objtool seals the ENDBR of a function whose address nothing in its object
 * takes (the loader turns it into a NOP). A replacement function's address
 * is taken in the patch module, by its .kpatch.funcs record, and is where
 * kpatch's ftrace handler sends execution: the premise of the seal no
 * longer holds there, so its entry is dropped (the ENDBR stays, a landing
 * pad the function would have had anyway had its address been taken). A
 * new function is called directly, like in its object: kept.
 */
bool check_endbr_seal(struct cdo *c, struct section *s, size_t entry,
		      struct symbol *func)
{
	(void)c;
	(void)entry;
	if (func->status == ST_NEW)
		return true;
	log_info("%s: entry of %s dropped: a replacement function's address "
		 "is taken by its .kpatch.funcs record, so its ENDBR stays",
		 s->name, func->name);
	report_fact("special-dropped", func->name, "%s entry: the replacement's "
		    "ENDBR is not sealed (its address is taken by kpatch)", s->name);
	return false;
}

/*
 * Whether the loader fills in a reference before module_finalize(): one
 * to the patch's own code or data, or to an export. The others are written
 * by kpatch.ko from .kpatch.relocs records, later (resolve.c decides the
 * same way, without failing here on what it will report).
 */
static bool loader_resolves(struct cdo *c, const struct reloc *r)
{
	struct symbol *t = r->sym, *o;

	if (t->type == STT_SECTION) {
		if (t->sec && t->sec->include)
			return true;
		t = reloc_symbol_at(c->patched, r);
		if (!t)
			return true;
	}
	if (t->sec && (t->include || t->sec->include))
		return true;
	o = t->twin ? t->twin : t;
	return (o->bind != STB_LOCAL && exported_to_patch(c, o->name)) ||
	       newsyms_has(c->newsyms, o->name);
}

/*
 * Call depth tracking (CALL_THUNKS, 6.2+) has the loader point every call
 * listed in .call_sites at its destination's accounting thunk, in the
 * padding before it, reading the destination from the call itself. A
 * call to a kernel function that kpatch.ko resolves from a record has no
 * destination yet then: the loader would find no NOP padding where it
 * looks ("Invalid padding area") and leave the call as it is. Its entry is
 * dropped: the call goes to the function itself, as the loader leaves any
 * call it cannot redirect.
 */
bool check_call_site(struct cdo *c, struct section *s, size_t entry,
		     struct symbol *func)
{
	struct reloc *r = reloc_find(s, entry), *call;
	long site;

	if (!r || !r->sym->sec)
		return true;
	/* The call's place: its section's, or its symbol's plus the addend. */
	site = r->addend + (r->sym->type == STT_SECTION ? 0 :
			    (long)r->sym->sym.st_value);
	call = reloc_find(r->sym->sec, (unsigned long)site + 1);
	if (!call || loader_resolves(c, call))
		return true;
	log_debug("%s: call in %s at 0x%lx resolved by kpatch.ko after the "
		  "loader's call thunks: entry dropped", s->name, func->name,
		  site);
	return false;
}
