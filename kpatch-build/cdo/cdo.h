/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The passes of create-diff-object and the state they share. Each pass
 * lives in its own file: classify (facts about one object), correlate
 * (twins across the two), compare (what changed), include (what the patch
 * needs), special (special-section entries), ksym (the running kernel's
 * symbols), output (the written object).
 */
#ifndef CDO_H
#define CDO_H

#include "kelf.h"
#include "ksym.h"
#include "newsyms.h"

struct counts {
	int changed, added, ignored, refused;
};

struct cdo {
	struct elf *orig, *patched;
	const char *parent;		/* "vmlinux" or a module name */
	const char *patch_name;
	struct ksyms *ksyms;		/* the parent's symbol table */
	struct symvers *symvers;	/* exported symbols */
	struct newsyms *newsyms;	/* new globals of the patch's objects */
	struct counts n;
	/* KPATCH_IGNORE_STATIC: static locals whose state may start afresh. */
	const char **fresh_ok;
	size_t nr_fresh_ok;
};

/* classify.c */
int classify(struct elf *e);
void apply_author_macros(struct cdo *c);
/* The NUL-terminated string a relocation points at, or NULL. */
const char *reloc_string(struct reloc *r);
bool is_init_section(const struct section *s);
bool is_boot_only(const struct section *s);
bool is_ignored_section(const struct section *s);

/* names.c */
bool is_numbered(const char *name);
size_t base_len(const char *name);
bool same_base(const char *a, const char *b);
unsigned long base_hash(const char *name);
bool is_fresh_static(const struct symbol *s);
bool is_state_data(const struct symbol *s);
bool named_after(const struct section *sec, const char *name);
const char *named_part(const struct section *sec, const char *name);
bool is_readonly_data(const struct section *s);

/* callers.c */
void replace_through_callers(struct cdo *c);
bool object_has_fentry(const struct elf *e);

/* state.c */
void check_lost_state(struct cdo *c, struct symbol *f);

/* soundness.c */
void check_changed_rodata(struct cdo *c);
void check_moved(struct cdo *c);
void check_soundness(struct cdo *c);
void check_tables(struct cdo *c);	/* tables.c */

/*
 * weak.c: whether a strong definition elsewhere in the parent overrides
 * this object's weak function f (changed or new), so the kernel does not
 * run it: said, and nothing is patched for it. Refused when it cannot be
 * told.
 */
bool weak_overridden(struct cdo *c, struct symbol *f);

/*
 * layout.c: types that changed functions use and whose layout the patch
 * changes (struct members moved, enumerators renumbered), from DWARF:
 * refused unless KPATCH_IGNORE_LAYOUT names them.
 */
void check_layouts(struct cdo *c);

/* correlate.c */
void correlate(struct cdo *c);

/* statics.c */
void vote_static_locals(struct cdo *c);
bool match_static_local(struct cdo *c, struct symbol *p, size_t nr_cand);

/* anon.c */
bool same_anon_data(struct cdo *c, struct section *p, long poff,
		    struct section *o, long ooff);

/* dyndbg.c: dynamic debug descriptors paired by the site they describe. */
void dyndbg_correlate(struct cdo *c);

/* compare.c */
void compare(struct cdo *c);

/* include.c */
void include_changes(struct cdo *c);
void include_reloc_target(struct cdo *c, struct reloc *r);
void refuse(struct cdo *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* special.c */
int special_init(void);
bool is_special_section(const struct section *s);
void mark_special(struct elf *e);
void include_special_entries(struct cdo *c);

/* output.c */
int write_output(struct cdo *c, const char *path);

#endif
