// SPDX-License-Identifier: GPL-2.0
/*
 * The records the patch module's glue hands to kpatch.ko, in the layout of
 * kmod/patch/kpatch-patch.h: one per replaced function, one per reference
 * the core must resolve, one per object, and the object name of every
 * hook and callback. Pointers are R_X86_64_64 relocations, so the module
 * loader fills them in.
 */
#include <stddef.h>
#include <string.h>

#include "kpatch-patch.h"
#include "log.h"
#include "out.h"
#include "resolve.h"

size_t out_string(struct out *o, const char *s)
{
	struct buf *b = &o->secs[o->strings].data;
	size_t off = 0, len = strlen(s) + 1;

	/* Few strings per patch: a linear search keeps them unique. */
	while (off < b->len) {
		if (!strcmp((char *)b->p + off, s))
			return off;
		off += strlen((char *)b->p + off) + 1;
	}
	return buf_add(b, s, len);
}

static void pointer(struct out *o, size_t sec, size_t off, size_t target,
		    long addend)
{
	out_rela(o, sec, off, R_X86_64_64, o->secs[target].symidx, addend);
}

static void string_pointer(struct out *o, size_t sec, size_t off,
			   const char *s)
{
	pointer(o, sec, off, o->strings, (long)out_string(o, s));
}

static bool core_can_write(unsigned int type)
{
	return type == R_X86_64_64 || type == R_X86_64_PC32 ||
	       type == R_X86_64_PLT32 || type == R_X86_64_32 ||
	       type == R_X86_64_32S || type == R_X86_64_PC64;
}

/*
 * The kernel reads __jump_table and .static_call_sites entries when the
 * patch module is COMING, before its init registers the patch: their
 * vmlinux references, and the calls at static call sites (which the
 * static-call notifier rewrites then), are written by kpatch.ko's early
 * notifier (kmod/core/early.c) from .kpatch.relocs.early.
 */
static bool early(struct out *o, size_t sec, const struct ref *ref)
{
	const char *name = o->secs[sec].name;

	return !strcmp(ref->objname, "vmlinux") &&
	       (!strcmp(name, "__jump_table") ||
		!strcmp(name, ".static_call_sites") ||
		!strncmp(ref->name, "__SCT__", 7));
}

void out_kpatch_reloc(struct cdo *c, struct out *o, size_t sec,
		      unsigned long off, unsigned int type, void *arg)
{
	struct ref *ref = arg;
	size_t to = early(o, sec, ref) ? o->relocs_early : o->relocs;
	struct kpatch_patch_reloc rec = {
		.type = type,
		.sympos = ref->sympos,
		.addend = ref->addend,
	};
	size_t at;

	(void)c;
	if (!core_can_write(type))
		die(CDO_ERROR, "%s: relocation type %u to %s cannot be resolved "
		    "by kpatch.ko", o->secs[sec].name, type, ref->name);
	at = buf_add(&o->secs[to].data, &rec, sizeof(rec));
	pointer(o, to, at + offsetof(struct kpatch_patch_reloc, dest),
		sec, (long)off);
	string_pointer(o, to, at + offsetof(struct kpatch_patch_reloc, name),
		       ref->name);
	string_pointer(o, to, at + offsetof(struct kpatch_patch_reloc, objname),
		       ref->objname);
	log_debug("kpatch %sreloc: %s+0x%lx -> %s (%s, sympos %lu)",
		  to == o->relocs_early ? "early " : "", o->secs[sec].name,
		  off, ref->name, ref->objname, ref->sympos);
}

/*
 * Where the original's NAME.cold part stands among the parent's NAME.cold
 * symbols, found by this object's STT_FILE block like the function itself:
 * the core cannot tell same-named cold parts apart by their address
 * (kmod/core/cold.c). KPATCH_FUNC_NO_COLD when the function has none.
 */
static unsigned long cold_sympos(struct cdo *c, struct symbol *old)
{
	struct elf *e = c->orig;
	unsigned long pos = KPATCH_FUNC_NO_COLD;
	size_t i, n = strlen(old->name);
	bool ambiguous;

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (s->parent != old)
			continue;
		if (strncmp(s->name, old->name, n) || strcmp(s->name + n, ".cold"))
			die(CDO_ERROR, "changed function %s: its cold part is %s, "
			    "but kpatch.ko looks for %s.cold", old->name, s->name,
			    old->name);
		if (!ksym_find(c->ksyms, e, s->name, s->bind == STB_LOCAL, &pos,
			       &ambiguous))
			die(CDO_ERROR, "%s, the cold part of changed function %s, "
			    "is not in %s's symbol table (SYMTAB from another "
			    "build?)", s->name, old->name, c->parent);
		if (ambiguous)
			die(CDO_ERROR, "%s: several local symbols of that name in %s "
			    "could be this object's cold part of %s", s->name,
			    c->parent, old->name);
		if (!pos)
			pos = 1;	/* unique: 0 would read as "not recorded" */
	}
	return pos;
}

static void func_record(struct cdo *c, struct out *o, struct symbol *f)
{
	struct symbol *old = f->twin;
	struct kpatch_patch_func rec = {
		.new_size = f->sym.st_size,
		.flags = f->force ? KPATCH_FUNC_FORCE : 0,
	};
	struct ksym *k;
	bool ambiguous;
	size_t at;

	k = ksym_find(c->ksyms, c->orig, old->name, old->bind == STB_LOCAL,
		      &rec.sympos, &ambiguous);
	if (!k)
		die(CDO_ERROR, "changed function %s is not in %s's symbol table "
		    "(SYMTAB from another build?)", old->name, c->parent);
	if (ambiguous)
		die(CDO_ERROR, "changed function %s: several local functions of "
		    "that name in %s could be this object's", old->name, c->parent);
	rec.old_addr = k->addr;
	rec.old_size = k->size;
	rec.cold_sympos = cold_sympos(c, old);
	at = buf_add(&o->secs[o->funcs].data, &rec, sizeof(rec));
	out_rela(o, o->funcs, at + offsetof(struct kpatch_patch_func, new_addr),
		 R_X86_64_64, f->out_index, 0);
	string_pointer(o, o->funcs, at + offsetof(struct kpatch_patch_func, name),
		       old->name);
	string_pointer(o, o->funcs,
		       at + offsetof(struct kpatch_patch_func, objname), c->parent);
	log_debug("function record: %s (sympos %lu, old 0x%lx/0x%lx, cold "
		  "sympos %ld)%s", old->name, rec.sympos, rec.old_addr,
		  rec.old_size, (long)rec.cold_sympos, f->force ? " forced" : "");
}

/* Hooks and callbacks are {pointer, objname} pairs of 16 bytes. */
static void name_hooks(struct cdo *c, struct out *o, struct section *s)
{
	size_t off, size = sizeof(struct kpatch_patch_hook);

	if (s->size % size)
		die(CDO_ERROR, "%s: size %zu is not a multiple of %zu", s->name,
		    s->size, size);
	for (off = 0; off < s->size; off += size)
		string_pointer(o, s->out_index,
			       off + offsetof(struct kpatch_patch_hook, objname),
			       c->parent);
}

void out_records(struct cdo *c, struct out *o)
{
	struct elf *e = c->patched;
	struct kpatch_patch_object obj = { 0 };
	size_t i, at;

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		/* One record per function: not for its aliases or children. */
		if (is_func(s) && s->include && s->twin && !s->parent &&
		    !s->via_callers && s->status == ST_CHANGED &&
		    (!s->sec->sym || s->sec->sym == s))
			func_record(c, o, s);
	}
	at = buf_add(&o->secs[o->objects].data, &obj, sizeof(obj));
	string_pointer(o, o->objects,
		       at + offsetof(struct kpatch_patch_object, objname), c->parent);
	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (s->include && (!strncmp(s->name, ".kpatch.hooks.", 14) ||
				   !strncmp(s->name, ".kpatch.callbacks.", 18)))
			name_hooks(c, o, s);
	}
}
