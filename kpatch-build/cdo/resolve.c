// SPDX-License-Identifier: GPL-2.0
/*
 * How each reference of the patch reaches its target: into the patch itself,
 * through the module loader (exported symbols, by name), or through the
 * core module (anything else, by name, object and position among same-named
 * symbols, as a .kpatch.relocs record).
 */
#include <string.h>

#include "cdo.h"
#include "decode.h"
#include "log.h"
#include "resolve.h"

/* "fs/ext4/ext4" exports for module "ext4". */
static bool same_module(const char *owner, const char *parent)
{
	const char *base = strrchr(owner, '/');

	base = base ? base + 1 : owner;
	for (; *base && *parent; base++, parent++) {
		char a = *base == '-' ? '_' : *base;
		char b = *parent == '-' ? '_' : *parent;

		if (a != b)
			return false;
	}
	return !*base && !*parent;
}

/* Exported, and by something the patch module can depend on. */
bool exported_to_patch(struct cdo *c, const char *name)
{
	const char *owner = symvers_owner(c->symvers, name);

	return owner && (!strcmp(c->parent, "vmlinux") ||
			 !same_module(owner, c->parent));
}

static void kernel_symbol(struct cdo *c, struct symbol *t, struct ref *ref)
{
	struct symbol *o = t->twin ? t->twin : t;
	bool local = o->bind == STB_LOCAL, ambiguous;
	struct ksym *k;

	ref->name = o->name;
	if (!local && exported_to_patch(c, o->name)) {
		ref->kind = REF_EXPORTED;
		return;
	}
	ref->kind = REF_KPATCH;
	ref->objname = c->parent;
	k = ksym_find(c->ksyms, c->orig, o->name, local, &ref->sympos, &ambiguous);
	if (ambiguous)
		die(CDO_ERROR, "%s: several local symbols of that name in %s could "
		    "be this object's", o->name, c->parent);
	if (k)
		return;
	if (local)
		die(CDO_ERROR, "%s: local symbol not found in %s's symbol table "
		    "(SYMTAB from another build?)", o->name, c->parent);
	if (newsyms_has(c->newsyms, o->name)) {
		/* Another object of this patch defines it: the linker's. */
		log_debug("%s: new in this patch, linked inside the patch "
			  "module", o->name);
		ref->kind = REF_EXPORTED;
		return;
	}
	if (strcmp(c->parent, "vmlinux") && !t->sec) {
		/* Not the module's own: vmlinux, where the name is unique. */
		ref->objname = "vmlinux";
		ref->sympos = 0;
		return;
	}
	/* Perhaps defined by another object of this patch: leave to the linker. */
	ref->kind = REF_EXPORTED;
}

/*
 * The address of a function the kernel has, taken by the patch (a
 * callback, an ops table, a comparison), is the kernel's function: ftrace
 * sends it to the new one while the patch is on, and it never dangles into
 * an unloaded or replaced patch module. Direct calls and jumps may go
 * straight to the patch's copy; special-section entries describe the copy.
 */
static bool kernel_function(const struct reloc *r, const struct symbol *f)
{
	long at = reloc_target_offset(r);

	if (!is_func(f) || !f->include || !f->twin || !f->twin->sec ||
	    f->parent || r->sec->special)
		return false;
	if (r->sym->type == STT_SECTION)
		at -= (long)f->sym.st_value;
	if (at != 0)
		return false;
	return !is_text(r->sec) || !insn_is_branch(r->sec, r->offset);
}

void resolve_reloc(struct cdo *c, const struct reloc *r, struct ref *ref)
{
	struct symbol *t = r->sym, *f;

	memset(ref, 0, sizeof(*ref));
	ref->addend = r->addend;
	if (dyndbg_resolve(c, r, ref))
		return;
	f = reloc_target(c->patched, r);
	if (f && kernel_function(r, f)) {
		if (t->type == STT_SECTION)
			ref->addend -= (long)f->sym.st_value;
		log_debug("%s+0x%lx: address of %s is the kernel's", r->sec->name,
			  r->offset, f->name);
		kernel_symbol(c, f, ref);
		return;
	}
	if (t->type == STT_SECTION) {
		struct section *sec = t->sec;

		if (sec && sec->include) {
			ref->kind = REF_DEFINED;
			ref->sym = t;
			return;
		}
		t = reloc_symbol_at(c->patched, r);
		if (!t)
			die(CDO_ERROR, "reference to %s+0x%lx, which holds no symbol "
			    "and is not part of the patch", sec ? sec->name : "?",
			    r->addend);
		ref->addend -= (long)t->sym.st_value;
	}
	if (t->sec && (t->include || t->sec->include)) {
		ref->kind = REF_DEFINED;
		ref->sym = t;
		return;
	}
	kernel_symbol(c, t, ref);
}
