/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_SPECIAL_H
#define CDO_SPECIAL_H

#include "cdo.h"

enum special_kind {
	KEEP_BY_FUNCTION,	/* keep entries whose site is in an included function */
	NEVER_INCLUDE,		/* the kernel's own tables, referenced, never copied */
};

struct special {
	const char *name;
	const char *size_env;
	size_t size;
	enum special_kind kind;
	/* The function an entry belongs to, when not its first field's. */
	struct symbol *(*owner)(struct cdo *c, struct section *s, size_t entry);
	/* Rules an entry must also pass (static keys, static calls). */
	bool (*check)(struct cdo *c, struct section *s, size_t entry,
		      struct symbol *func);
};

bool check_jump_key(struct cdo *c, struct section *s, size_t entry,
		    struct symbol *func);
bool check_static_call(struct cdo *c, struct section *s, size_t entry,
		       struct symbol *func);
/* special-sites.c: sites the module loader rewrites (6.2+). */
bool check_endbr_seal(struct cdo *c, struct section *s, size_t entry,
		      struct symbol *func);
bool check_call_site(struct cdo *c, struct section *s, size_t entry,
		     struct symbol *func);
struct symbol *printk_index_owner(struct cdo *c, struct section *s,
				  size_t entry);
struct special *special_lookup(const char *name);
/* special-layout.c: entries of s, the last one perhaps without padding. */
size_t special_entries(struct section *s, const struct special *sp);
size_t special_entry_size(const struct section *s, const struct special *sp);

/* special-filter.c: building a section of kept entries. */
void special_alloc_out(struct section *s);
void special_keep(struct section *s, size_t from, size_t size);
void special_follow(struct cdo *c, struct section *s);

/* dyndbg.c */
bool is_dyndbg_section(const struct section *s);
void dyndbg_include(struct cdo *c);
bool dyndbg_keep_key(struct cdo *c, struct symbol *key);
void dyndbg_follow(struct cdo *c);

#endif
