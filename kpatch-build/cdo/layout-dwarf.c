// SPDX-License-Identifier: GPL-2.0
/*
 * Opening an object's DWARF for the layout check and indexing its types,
 * functions and file-scope variables by name. libdwfl, not dwarf_begin_elf:
 * a relocatable object's .debug_info refers to .debug_str and to its own
 * DIEs through relocations that only libdwfl applies.
 */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "log.h"

/* Types nest only so deep; deeper is a broken (or hostile) object. */
#define MAX_DEPTH 64

/* No separate debug file: an object's DWARF is its own or there is none. */
static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			Dwarf_Addr base, const char *file_name,
			const char *debuglink_file, GElf_Word debuglink_crc,
			char **debuginfo_file_name)
{
	(void)mod; (void)userdata; (void)modname; (void)base; (void)file_name;
	(void)debuglink_file; (void)debuglink_crc; (void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;

	if (!dwarf_attr_integrate(die, DW_AT_name, &a))
		return NULL;
	return dwarf_formstring(&a);
}

bool die_type(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, DW_AT_type, &a) &&
	       dwarf_formref_die(&a, out);
}

static bool is_aggregate(int tag)
{
	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
	       tag == DW_TAG_enumeration_type;
}

bool type_key(Dwarf_Die *type, const char *alias, char *buf, size_t len)
{
	const char *name = die_name(type);
	const char *tag;

	switch (dwarf_tag(type)) {
	case DW_TAG_structure_type: tag = "struct"; break;
	case DW_TAG_union_type: tag = "union"; break;
	case DW_TAG_enumeration_type: tag = "enum"; break;
	default: return false;
	}
	if (name)
		snprintf(buf, len, "%s %s", tag, name);
	else if (alias)
		snprintf(buf, len, "%s", alias);
	else
		return false;
	return true;
}

static void index_add(struct die_index *ix, const char *key, Dwarf_Die *entry)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? 2 * ix->cap : 256;
		ix->v = realloc(ix->v, ix->cap * sizeof(*ix->v));
		if (!ix->v)
			die(CDO_ERROR, "out of memory");
	}
	ix->v[ix->n].key = strdup(key);
	if (!ix->v[ix->n].key)
		die(CDO_ERROR, "out of memory");
	ix->v[ix->n++].die = *entry;
}

/* Hashed once every DIE is in: the array no longer moves. */
static void index_hash(struct die_index *ix)
{
	size_t i;

	if (hash_init(&ix->hash, ix->n + 1))
		die(CDO_ERROR, "out of memory");
	for (i = 0; i < ix->n; i++)
		hash_add(&ix->hash, &ix->v[i].hnode, ix->v[i].key, &ix->v[i]);
}

Dwarf_Die *dwobj_find(struct die_index *ix, const char *key)
{
	struct hash_node *n = hash_first(&ix->hash, key);

	return n ? &((struct named_die *)n->owner)->die : NULL;
}

/* typedef struct { ... } foo_t: the struct is known as foo_t. */
static void index_typedef(struct dwobj *d, Dwarf_Die *td)
{
	const char *name = die_name(td);
	Dwarf_Die t;

	if (!name || !die_type(td, &t) || dwarf_peel_type(&t, &t) != 0 ||
	    !is_aggregate(dwarf_tag(&t)) || die_name(&t) ||
	    dwarf_hasattr(&t, DW_AT_declaration))
		return;
	index_add(&d->types, name, &t);
}

static void index_die(struct dwobj *d, Dwarf_Die *die, int depth)
{
	char key[256];
	Dwarf_Die c;
	int tag;

	if (depth > MAX_DEPTH || dwarf_child(die, &c) != 0)
		return;
	do {
		const char *name = die_name(&c);

		tag = dwarf_tag(&c);
		if (is_aggregate(tag) && !dwarf_hasattr(&c, DW_AT_declaration) &&
		    type_key(&c, NULL, key, sizeof(key)))
			index_add(&d->types, key, &c);
		else if (tag == DW_TAG_typedef)
			index_typedef(d, &c);
		else if (tag == DW_TAG_subprogram && name)
			index_add(&d->funcs, name, &c);
		else if (tag == DW_TAG_variable && name && depth == 0)
			index_add(&d->vars, name, &c);
		if (tag != DW_TAG_enumeration_type && dwarf_haschildren(&c) > 0)
			index_die(d, &c, depth + 1);
	} while (dwarf_siblingof(&c, &c) == 0);
}

Dwfl *dwfl_open_object(const char *path, Dwfl_Module **mod)
{
	Dwfl *dwfl = dwfl_begin(&offline_callbacks);

	*mod = NULL;
	if (!dwfl)
		return NULL;
	dwfl_report_begin(dwfl);
	*mod = dwfl_report_offline(dwfl, path, path, -1);
	if (!*mod || dwfl_report_end(dwfl, NULL, NULL) != 0) {
		dwfl_end(dwfl);
		*mod = NULL;
		return NULL;
	}
	return dwfl;
}

bool dwobj_open(struct dwobj *d, const char *path, char *why, size_t len)
{
	Dwarf_CU *cu = NULL;
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf_Die cudie;

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->dwfl = dwfl_open_object(path, &mod);
	if (!d->dwfl || !(d->dw = dwfl_module_getdwarf(mod, &bias))) {
		snprintf(why, len, "%s", dwfl_errmsg(-1));
		dwobj_close(d);
		return false;
	}
	while (dwarf_get_units(d->dw, cu, &cu, NULL, NULL, &cudie, NULL) == 0)
		index_die(d, &cudie, 0);
	index_hash(&d->types);
	index_hash(&d->funcs);
	index_hash(&d->vars);
	return true;
}

static void index_free(struct die_index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		free(ix->v[i].key);
	free(ix->v);
	if (ix->hash.buckets)
		hash_free(&ix->hash);
	memset(ix, 0, sizeof(*ix));
}

void dwobj_close(struct dwobj *d)
{
	index_free(&d->types);
	index_free(&d->funcs);
	index_free(&d->vars);
	if (d->dwfl)
		dwfl_end(d->dwfl);
	d->dwfl = NULL;
	d->dw = NULL;
}
