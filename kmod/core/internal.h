/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared between the files of kpatch.ko and nothing else.
 */
#ifndef _KPATCH_INTERNAL_H_
#define _KPATCH_INTERNAL_H_

#include "kpatch.h"

int kpatch_symbols_init(void);
/* A symbol to look up; count and addr are the answer. */
struct kpatch_sym_query {
	const char *name;
	unsigned long sympos;
	unsigned long count;
	unsigned long addr;
};

int kpatch_find_symbols(const char *objname, struct kpatch_sym_query *qs,
			int n, int *bad);
int kpatch_find_symbol(const char *objname, const char *name,
		       unsigned long sympos, unsigned long *addr);
int kpatch_resolve_func(struct kpatch_func *func);
int kpatch_apply_relocs(struct kpatch_patch *patch,
			struct kpatch_object *obj);
int kpatch_switch(struct kpatch_patch *patch, bool enable);
int kpatch_enable(struct kpatch_patch *patch);
int kpatch_disable(struct kpatch_patch *patch);
int kpatch_sysfs_init(void);
void kpatch_sysfs_exit(void);
int kpatch_sysfs_add(struct kpatch_patch *patch);
void kpatch_sysfs_del(struct kpatch_patch *patch);
void kpatch_shadow_exit(void);

extern struct mutex kpatch_mutex;

#endif /* _KPATCH_INTERNAL_H_ */
