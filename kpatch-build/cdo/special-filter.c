// SPDX-License-Identifier: GPL-2.0
/*
 * Keeping the special-section entries of included functions. An entry
 * belongs to the function its first field points into; kept entries are
 * packed into a new array with their relocations moved along, and what
 * they reference (strings, alternative replacements, keys) is followed
 * like any other reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"
#include "resolve.h"
#include "special.h"

/* The symbol a data field points at (no instruction-length bias). */
static struct symbol *field_target(struct elf *e, struct reloc *r, long mask)
{
	struct section *sec = r->sym->sec;

	if (r->sym->type != STT_SECTION)
		return r->sym;
	if (!sec)
		return NULL;
	return sec->sym ? sec->sym : symbol_at(e, sec, r->addend & mask);
}

/* Reachable by the module loader before the patch module's init runs. */
static bool loader_can_resolve(struct cdo *c, struct symbol *s)
{
	if (s->sec && s->status == ST_NEW)
		return true;
	return s->bind != STB_LOCAL && exported_to_patch(c, s->name);
}

/*
 * A key kpatch.ko writes at COMING (kmod/core/early.c), before the kernel
 * reads the entry: any symbol of vmlinux. records.c puts the references
 * of __jump_table and .static_call_sites entries into .kpatch.relocs.early.
 */
static bool early_resolvable(struct cdo *c, struct symbol *s)
{
	(void)s;	/* vmlinux code only uses vmlinux's keys */
	return !strcmp(c->parent, "vmlinux");
}

bool check_jump_key(struct cdo *c, struct section *s, size_t entry,
		    struct symbol *func)
{
	struct reloc *r = reloc_find(s, entry + 8);
	struct symbol *key = r ? field_target(c->patched, r, ~3L) : NULL;

	if (!key) {
		refuse(c, "%s: jump label in %s has no key relocation",
		       s->name, func->name);
		return false;
	}
	if (is_dyndbg_section(key->sec)) {
		if (dyndbg_keep_key(c, key))
			return true;
		refuse(c, "%s: jump label in %s tests a key in %s at 0x%lx, "
		       "which is in no dynamic debug descriptor", s->name,
		       func->name, key->sec->name, (unsigned long)r->addend);
		return false;
	}
	if (loader_can_resolve(c, key))
		return true;
	if (early_resolvable(c, key)) {
		log_debug("%s: jump label in %s on %s, written by kpatch.ko "
			  "before the kernel reads it", s->name, func->name,
			  key->name);
		return true;
	}
	refuse(c, "%s uses static key %s of module %s in a jump label; the "
	       "key is not exported, so the patch module's jump label could "
	       "not be set up (use static_key_enabled(&%s) in the patched "
	       "code)", func->name, key->name, c->parent, key->name);
	return false;
}

bool check_static_call(struct cdo *c, struct section *s, size_t entry,
		       struct symbol *func)
{
	struct reloc *r = reloc_find(s, entry + 4);
	struct symbol *key = r ? field_target(c->patched, r, ~3L) : NULL;

	if (key && (loader_can_resolve(c, key) || early_resolvable(c, key)))
		return true;
	/* Without its site entry the call still goes through the trampoline. */
	log_debug("%s: static call site in %s left to its trampoline",
		  s->name, func->name);
	return false;
}

/*
 * A .printk_index entry points at a pi_entry whose second field points at
 * the __func__ string of the function holding the printk: that names the
 * owner.
 */
struct symbol *printk_index_owner(struct cdo *c, struct section *s,
				  size_t entry)
{
	struct reloc *r = reloc_find(s, entry), *fr;
	struct symbol *pi, *fn;
	struct section *str;
	long at;

	pi = r ? field_target(c->patched, r, ~0L) : NULL;
	if (!pi || !pi->sec || !pi->sec->data)
		return NULL;
	fr = reloc_find(pi->sec, pi->sym.st_value + 8);
	if (!fr || !fr->sym->sec)
		return NULL;
	str = fr->sym->sec;
	at = fr->addend + (fr->sym->type == STT_SECTION ? 0 :
			   (long)fr->sym->sym.st_value);
	if (!str->data || at < 0 || (size_t)at >= str->size ||
	    !memchr(str->data + at, 0, str->size - at))
		return NULL;
	fn = find_symbol(c->patched, (const char *)str->data + at);
	return fn && is_func(fn) ? fn : NULL;
}

/* Copy an entry; a last one without tail padding is padded with zeros. */
void special_keep(struct section *s, size_t from, size_t size)
{
	size_t i, out = s->out_size, have = from + size > s->size ? s->size - from : size;

	memcpy(s->out_data + out, s->data + from, have);
	memset(s->out_data + out + have, 0, size - have);
	for (i = 0; i < s->nr_relocs; i++) {
		struct reloc *r = &s->relocs[i];

		if (r->offset < from || r->offset >= from + size)
			continue;
		s->out_relocs[s->nr_out_relocs] = *r;
		s->out_relocs[s->nr_out_relocs++].offset = r->offset - from + out;
	}
	s->out_size += size;
}

void special_alloc_out(struct section *s)
{
	s->out_data = malloc(s->size + 4096);	/* room to pad a short last entry */
	s->out_relocs = calloc(s->nr_relocs + 1, sizeof(struct reloc));
	s->out_size = s->nr_out_relocs = 0;
	if (!s->out_data || !s->out_relocs)
		die(CDO_ERROR, "out of memory");
}

/* Returns a bitmap-ish array: kept[i] for entry i. */
static bool *filter(struct cdo *c, struct section *s, struct special *sp,
		    size_t n)
{
	size_t i;
	bool *kept = calloc(n + 1, sizeof(bool));

	if (!kept)
		die(CDO_ERROR, "out of memory");
	special_alloc_out(s);
	for (i = 0; i < n; i++) {
		struct reloc *r = reloc_find(s, i * sp->size);
		struct symbol *f = sp->owner ? sp->owner(c, s, i * sp->size) :
				   r ? field_target(c->patched, r, ~0L) : NULL;

		if (!f || !is_func(f) || !f->include)
			continue;
		if (sp->check && !sp->check(c, s, i * sp->size, f))
			continue;
		kept[i] = true;
		special_keep(s, i * sp->size, sp->size);
	}
	return kept;
}

void special_follow(struct cdo *c, struct section *s)
{
	size_t i;

	if (!s->out_size)
		return;
	s->include = true;
	s->scanned = true;
	for (i = 0; i < s->nr_out_relocs; i++)
		include_reloc_target(c, &s->out_relocs[i]);
	log_debug("%s: kept %zu bytes of %zu", s->name, s->out_size, s->size);
}

static void orc_entries(struct cdo *c, const bool *kept, size_t n)
{
	struct section *s = find_section(c->patched, ".orc_unwind");
	struct special *sp = special_lookup(".orc_unwind");
	size_t i;

	if (!s || !s->data)
		return;
	if (s->size != n * sp->size)
		die(CDO_ERROR, ".orc_unwind has %zu bytes, expected %zu entries of "
		    "%zu (ORC_STRUCT_SIZE)", s->size, n, sp->size);
	special_alloc_out(s);
	for (i = 0; i < n; i++)
		if (kept[i])
			special_keep(s, i * sp->size, sp->size);
	special_follow(c, s);
}

/*
 * "import_ns=NS" of a module's object; a built-in object's has its module
 * name in front ("dma_buf.import_ns=NS", __MODULE_INFO_PREFIX), which the
 * module loader would not read in the patch module. Returns NS or NULL.
 */
static const char *imported_namespace(const char *str)
{
	const char *tag = strstr(str, "import_ns=");

	if (!tag || (tag != str && (tag[-1] != '.' ||
				    memchr(str, '.', tag - 1 - str) ||
				    memchr(str, '=', tag - 1 - str))))
		return NULL;
	return tag + 10;
}

/* Whether out_data already holds the string str. */
static bool out_has_string(const struct section *s, const char *str)
{
	size_t off = 0;

	while (off < s->out_size) {
		if (!strcmp((const char *)s->out_data + off, str))
			return true;
		off += strlen((const char *)s->out_data + off) + 1;
	}
	return false;
}

/*
 * Namespace imports, which the patch module needs as much as its parent,
 * as plain "import_ns=NS", once each. Never longer than the input.
 */
static void modinfo(struct cdo *c, struct section *s)
{
	size_t off = 0, len;
	char *out;

	if (!s->data)
		return;
	special_alloc_out(s);
	out = (char *)s->out_data;
	while (off < s->size) {
		const char *str = (const char *)s->data + off, *ns;

		len = strnlen(str, s->size - off);
		ns = off + len < s->size ? imported_namespace(str) : NULL;
		off += len + 1;
		if (!ns || !*ns)
			continue;
		sprintf(out + s->out_size, "import_ns=%s", ns);
		if (out_has_string(s, out + s->out_size))
			continue;
		log_debug(".modinfo: import_ns=%s", ns);
		s->out_size += strlen(out + s->out_size) + 1;
	}
	special_follow(c, s);
}

void include_special_entries(struct cdo *c)
{
	struct elf *e = c->patched;
	size_t i;

	/* Before __jump_table, whose entries may test their keys. */
	dyndbg_include(c);
	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];
		struct special *sp = special_lookup(s->name), one;
		bool *kept;
		size_t n;

		if (!sp || !s->data)
			continue;
		if (!strcmp(s->name, ".modinfo")) {
			modinfo(c, s);
			continue;
		}
		if (sp->kind != KEEP_BY_FUNCTION)
			continue;
		one = *sp;
		one.size = special_entry_size(s, sp);
		n = special_entries(s, &one);
		kept = filter(c, s, &one, n);
		if (!strcmp(s->name, ".orc_unwind_ip"))
			orc_entries(c, kept, n);
		free(kept);
		special_follow(c, s);
	}
	dyndbg_follow(c);
}
