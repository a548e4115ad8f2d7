/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debug information of one object, for the layout check (layout.c):
 * opened through libdwfl, which applies the .rela.debug_* relocations of a
 * relocatable object (libdw alone would read names and type references
 * of an ET_REL file unrelocated), and indexed by name.
 */
#ifndef CDO_LAYOUT_H
#define CDO_LAYOUT_H

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdbool.h>

#include "hash.h"

/* A named DIE: a type by its key, a function or a variable by its name. */
struct named_die {
	char *key;
	Dwarf_Die die;
	struct hash_node hnode;
};

struct die_index {
	struct named_die *v;
	size_t n, cap;
	struct hash hash;
};

struct dwobj {
	const char *path;
	Dwfl *dwfl;
	Dwarf *dw;
	struct die_index types;	/* struct/union/enum definitions by key */
	struct die_index funcs;	/* subprograms (abstract, concrete) by name */
	struct die_index vars;	/* file-scope variables by name */
};

/*
 * Opens path's DWARF. Returns false, with why in why[], when it has none
 * or libdwfl cannot read it; d is then closed already.
 */
bool dwobj_open(struct dwobj *d, const char *path, char *why, size_t len);
/*
 * The one libdwfl session over a relocatable object that both DWARF
 * readers use: libdwfl applies the object's .rela.debug_* (dwarf_begin_elf
 * on an ET_REL would not). NULL, with *mod NULL, when it cannot be read.
 */
Dwfl *dwfl_open_object(const char *path, Dwfl_Module **mod);
void dwobj_close(struct dwobj *d);
/* The first DIE of index ix under key, or NULL. */
Dwarf_Die *dwobj_find(struct die_index *ix, const char *key);

/* A DIE's name, looking through DW_AT_abstract_origin/specification. */
const char *die_name(Dwarf_Die *die);
/* The DIE DW_AT_type of die points at (integrated); false if none. */
bool die_type(Dwarf_Die *die, Dwarf_Die *out);
/*
 * The key of a struct, union or enum: "struct foo", or for an anonymous
 * one that a typedef names, the typedef's name alone. False when it has
 * neither name.
 */
bool type_key(Dwarf_Die *type, const char *alias, char *buf, size_t len);

/*
 * How the layout of the original's type o and the patched one's p differ:
 * "size 16 -> 24; member b: offset 8 -> 16; member x added at 8" in buf.
 * Returns the number of differences (0: the same layout).
 */
int layout_diff(Dwarf_Die *o, Dwarf_Die *p, char *buf, size_t len);

/* A type that changed or new functions use (layout.c). */
#define MAX_NAMED 3	/* users named in a message; the rest counted */
enum { USE_CHANGED, USE_NEW };

struct use {
	char key[160];
	Dwarf_Die die;		/* its definition in the patched object */
	const char *users[2][MAX_NAMED]; /* [USE_CHANGED], [USE_NEW] */
	size_t nr_users[2];
	size_t last_walk;	/* the function walk that last counted it */
};

struct cdo;
/*
 * layout-report.c: each used type compared with the original's; changed
 * ones used by changed functions refused unless KPATCH_IGNORE_LAYOUT names
 * them, every changed one a fact.
 */
void report_layouts(struct cdo *c, struct use *uses, size_t nr,
		    struct dwobj *orig);

#endif
