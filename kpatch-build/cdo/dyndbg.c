// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic debug descriptors (pr_debug, dev_dbg, netdev_dbg with
 * CONFIG_DYNAMIC_DEBUG): one `static struct _ddebug __UNIQUE_ID_ddebugN.M`
 * per call site, all in the object's __dyndbg section. They hold the
 * site's module, function, file, format, line and flags, and the static
 * key its jump label tests.
 *
 * Names: N is __COUNTER__, so a pr_debug added early in a file renumbers
 * every later descriptor. A descriptor is therefore paired with its twin
 * by what it describes (function, file and format strings, then order
 * among equal ones), never by name; one that matches nothing is new, which
 * makes the function using it changed. The rest of correlate.c leaves
 * __dyndbg alone.
 *
 * Contents: the patch never shares a descriptor with the kernel. It gets
 * its own copy of each descriptor its included functions use (passed to a
 * call or only tested through the key of a jump label), packed into
 * its own __dyndbg section; the module loader registers that section with
 * dynamic debug, so the replacement's call sites appear under the patch
 * module in dynamic_debug/control and are switched there, and their
 * jump-label keys are the patch's own (resolved by the module loader).
 * References into the section are moved with the descriptors they hit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"
#include "resolve.h"
#include "special.h"

#define DYNDBG_SECTION "__dyndbg"
/* struct _ddebug: modname, function, filename, format pointers first. */
#define FIELD_FUNCTION 8
#define FIELD_FILENAME 16
#define FIELD_FORMAT 24
/* Then lineno:18, class_id:6, flags:8 in one 32-bit word. */
#define FIELD_BITS 32
#define CLASS_SHIFT 18
#define CLASS_MASK 0x3f
#define CLASS_DEFAULT 0x3f	/* _DPRINTK_CLASS_DFLT: no class map */

/* Kept descriptors of the patched object: old offset -> new offset. */
static struct kept {
	struct symbol *desc;
	unsigned long new_off;
} *kept;
static size_t nr_kept;

bool is_dyndbg_section(const struct section *s)
{
	return s && !strcmp(s->name, DYNDBG_SECTION);
}

static bool is_descriptor(const struct symbol *s)
{
	return s->type == STT_OBJECT && s->sym.st_size && is_dyndbg_section(s->sec);
}

/* The NUL-terminated string a pointer field of a descriptor points at. */
static const char *field_string(struct symbol *d, unsigned long field)
{
	struct reloc *r = reloc_find(d->sec, d->sym.st_value + field);
	struct section *t;
	long at;

	if (!r || !r->sym->sec || !r->sym->sec->data)
		return NULL;
	t = r->sym->sec;
	at = r->addend + (r->sym->type == STT_SECTION ? 0 :
			  (long)r->sym->sym.st_value);
	if (at < 0 || (size_t)at >= t->size ||
	    !memchr(t->data + at, 0, t->size - at))
		return NULL;
	return (const char *)t->data + at;
}

/* What a descriptor describes, and its rank among the same sites. */
struct site {
	struct symbol *d;
	const char *str[3];	/* function, filename, format */
	size_t rank;
};

static bool same_site(const struct site *a, const struct site *b)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (!a->str[i] || !b->str[i] || strcmp(a->str[i], b->str[i]))
			return false;
	return true;
}

static struct site *sites(struct elf *e, size_t *n)
{
	struct site *v = calloc(e->nr_syms, sizeof(*v));
	size_t i, j;

	if (!v)
		die(CDO_ERROR, "out of memory");
	*n = 0;
	for (i = 1; i < e->nr_syms; i++) {
		struct site *s = &v[*n];

		if (!is_descriptor(&e->syms[i]))
			continue;
		s->d = &e->syms[i];
		s->str[0] = field_string(s->d, FIELD_FUNCTION);
		s->str[1] = field_string(s->d, FIELD_FILENAME);
		s->str[2] = field_string(s->d, FIELD_FORMAT);
		for (j = 0; j < *n; j++)
			if (same_site(&v[j], s))
				s->rank++;
		(*n)++;
	}
	return v;
}

void dyndbg_correlate(struct cdo *c)
{
	size_t np, no, i, j;
	struct site *p = sites(c->patched, &np), *o = sites(c->orig, &no);

	for (i = 0; i < np; i++) {
		for (j = 0; j < no && !p[i].d->twin; j++) {
			if (o[j].d->twin || o[j].rank != p[i].rank ||
			    !same_site(&p[i], &o[j]))
				continue;
			p[i].d->twin = o[j].d;
			o[j].d->twin = p[i].d;
			log_debug("correlated %s -> %s (dynamic debug site \"%s\" "
				  "in %s)", p[i].d->name, o[j].d->name,
				  p[i].str[2], p[i].str[0]);
		}
	}
	free(p);
	free(o);
}

static struct symbol *descriptor_at(struct elf *e, struct section *s, long at)
{
	struct symbol *d = at >= 0 ? symbol_at(e, s, (unsigned long)at) : NULL;

	return d && is_descriptor(d) ? d : NULL;
}

static struct kept *find_kept(const struct symbol *d)
{
	size_t i;

	for (i = 0; i < nr_kept; i++)
		if (kept[i].desc == d)
			return &kept[i];
	return NULL;
}

/* The descriptor a relocation points into, or NULL. */
static struct symbol *target_descriptor(struct elf *e, const struct reloc *r)
{
	struct section *s = r->sym->sec;
	long at = reloc_target_offset(r);

	if (!is_dyndbg_section(s))
		return NULL;
	if (r->sym->type != STT_SECTION)
		at += (long)r->sym->sym.st_value;
	return descriptor_at(e, s, at);
}

/*
 * A site of a class map (DECLARE_DYNDBG_CLASSMAP: drm_dbg's categories) is
 * switched through its module's map, by drm.debug for example. The patch
 * module has no map, so its copy of the site would stay silent whatever
 * the map says: refused rather than left behind.
 */
static void classless(struct cdo *c, struct section *s, struct symbol *d)
{
	uint32_t bits;
	unsigned int cls;

	if (d->sym.st_value + FIELD_BITS + 4 > s->size)
		return;
	memcpy(&bits, s->data + d->sym.st_value + FIELD_BITS, sizeof(bits));
	cls = (bits >> CLASS_SHIFT) & CLASS_MASK;
	if (cls == CLASS_DEFAULT)
		return;
	refuse(c, "%s: dynamic debug site \"%s\" belongs to class %u of a "
	       "class map (DECLARE_DYNDBG_CLASSMAP, e.g. drm.debug), which a "
	       "patch module cannot join: the replacement's message would "
	       "not follow the map", field_string(d, FIELD_FUNCTION) ?: "?",
	       field_string(d, FIELD_FORMAT) ?: "?", cls);
}

static void keep_descriptor(struct cdo *c, struct section *s, struct symbol *d)
{
	if (find_kept(d))
		return;
	/* Kept even when refused, so the rest of the run stays consistent. */
	classless(c, s, d);
	kept = realloc(kept, (nr_kept + 1) * sizeof(*kept));
	if (!kept)
		die(CDO_ERROR, "out of memory");
	kept[nr_kept].desc = d;
	kept[nr_kept++].new_off = s->out_size;
	special_keep(s, d->sym.st_value, d->sym.st_size);
	log_debug("%s: own copy of %s (\"%s\")", s->name, d->name,
		  field_string(d, FIELD_FORMAT));
}

/*
 * Every descriptor an included function passes, in a new __dyndbg; those
 * only its jump labels reach are added by dyndbg_keep_key(), and
 * dyndbg_follow() includes what they all point at.
 */
void dyndbg_include(struct cdo *c)
{
	struct elf *e = c->patched;
	struct section *s = find_section(e, DYNDBG_SECTION);
	size_t i, j;

	if (!s || !s->data)
		return;
	special_alloc_out(s);
	for (i = 1; i < e->nr_secs; i++) {
		struct section *t = &e->secs[i];

		if (!t->include || !is_text(t))
			continue;
		for (j = 0; j < t->nr_out_relocs; j++) {
			struct reloc *r = &t->out_relocs[j];
			struct symbol *d = target_descriptor(e, r);

			if (d)
				keep_descriptor(c, s, d);
			else if (is_dyndbg_section(r->sym->sec))
				die(CDO_ERROR, "%s refers to %s+0x%lx, which is no "
				    "dynamic debug descriptor", t->name, s->name,
				    r->addend);
		}
	}
}

/*
 * The descriptor whose key a kept jump label of an included function
 * tests. _dynamic_func_call_no_desc (print_hex_dump_debug, btrfs_debug)
 * calls a function without the descriptor, so only its static key, inside
 * the descriptor, is referenced: the patch still needs its own copy, or
 * the jump label would test a key of the kernel's descriptor.
 */
bool dyndbg_keep_key(struct cdo *c, struct symbol *key)
{
	if (!is_descriptor(key) || !key->sec->out_data)
		return false;
	keep_descriptor(c, key->sec, key);
	return true;
}

void dyndbg_follow(struct cdo *c)
{
	struct section *s = find_section(c->patched, DYNDBG_SECTION);

	if (s && s->out_data)
		special_follow(c, s);
}

/*
 * A reference into __dyndbg from the patch: to the same place of the
 * descriptor's copy. Returns false when r does not point into __dyndbg.
 */
bool dyndbg_resolve(struct cdo *c, const struct reloc *r, struct ref *ref)
{
	struct symbol *d = target_descriptor(c->patched, r);
	struct kept *k;

	if (!is_dyndbg_section(r->sym->sec))
		return false;
	k = d ? find_kept(d) : NULL;
	if (!k || !d->sec->secsym)
		die(CDO_ERROR, "reference to dynamic debug descriptor %s, which "
		    "the patch does not carry", d ? d->name : "?");
	ref->kind = REF_DEFINED;
	ref->sym = d->sec->secsym;
	ref->addend = r->addend + (r->sym->type == STT_SECTION ? 0 :
				   (long)r->sym->sym.st_value) -
		      (long)d->sym.st_value + (long)k->new_off;
	return true;
}
