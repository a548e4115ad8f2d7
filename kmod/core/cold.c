// SPDX-License-Identifier: GPL-2.0
/*
 * The .cold parts of patched functions, which the activeness check must
 * cover: GCC moves a function's unlikely blocks into a symbol of their
 * own, NAME.cold, reached by a jump, so a task can sleep there without
 * NAME on its stack.
 *
 * Which NAME.cold is whose? A cold part lives in .text.unlikely, which the
 * linker gathers after all of vmlinux's .text: it is neither inside nor
 * next to its parent, and when a static NAME occurs several times, the
 * i-th NAME.cold need not be the i-th NAME's (only some may have one). So
 * the build, which has the original object, records the cold part's own
 * position among the object's NAME.cold symbols, found by the object's
 * STT_FILE block in the parent's symbol table as for the function itself
 * (cold_sympos; KPATCH_COLD_NONE: it has none); the core looks it up at
 * that position and checks that it starts a symbol of that name. A patch
 * that does not record it (hand-written ones) gets NAME.cold only when
 * NAME and NAME.cold are both unique in the object, and is refused when
 * they are not: a task in the unknown cold part could not be seen.
 *
 * The replacement's cold part is its own symbol's name plus .cold in the
 * patch module; several of that name there cannot be told apart either,
 * and are refused.
 */
#include <linux/kallsyms.h>
#include <linux/slab.h>
#include "internal.h"

static int original_cold(const char *objname, struct kpatch_func *f,
			 struct kpatch_sym_query *cold,
			 struct kpatch_sym_query *parent)
{
	unsigned long size;

	if (f->cold_sympos == KPATCH_COLD_NONE)
		return 0;
	if (!f->cold_sympos && !cold->count)
		return 0;
	if (!f->cold_sympos && (cold->count > 1 || parent->count > 1)) {
		pr_err("kpatch: %s (sympos %lu): %s has %lu %s and %lu %s, and the patch does not record which cold part is this one's (cold_sympos): a task in it could not be seen\n",
		       f->name, f->sympos, objname, cold->count, cold->name,
		       parent->count, f->name);
		return -EINVAL;
	}
	if (!cold->addr) {
		pr_err("kpatch: %s: its cold part %s (sympos %lu) is not in %s\n",
		       f->name, cold->name, f->cold_sympos, objname);
		return -ENOENT;
	}
	if (kpatch_sym_size(cold->addr, cold->name, &size)) {
		pr_err("kpatch: %s: %pS does not start its cold part %s\n",
		       f->name, (void *)cold->addr, cold->name);
		return -EINVAL;
	}
	f->cold_addr = cold->addr;
	f->cold_size = size;
	return 0;
}

static int new_cold(struct kpatch_patch *p, struct kpatch_func *f,
		    struct kpatch_sym_query *cold)
{
	unsigned long size;

	if (!cold->count)
		return 0;
	if (cold->count > 1 ||
	    kpatch_sym_size(cold->addr, cold->name, &size)) {
		pr_err("kpatch: %s: %s has %lu %s: cannot tell which is the replacement's cold part\n",
		       f->name, p->mod->name, cold->count, cold->name);
		return -EINVAL;
	}
	f->new_cold_addr = cold->addr;
	f->new_cold_size = size;
	return 0;
}

/* The replacement's symbol name, "NAME [module]" cut at the space. */
static char *new_cold_name(struct kpatch_func *f)
{
	char buf[KSYM_SYMBOL_LEN], *sp;

	sprint_symbol_no_offset(buf, f->new_addr);
	sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
	return kasprintf(GFP_KERNEL, "%s.cold", buf);
}

/*
 * Each function's and each replacement's cold part, with one kallsyms
 * pass over the object (queries 2i: NAME.cold, 2i + 1: NAME, to count
 * them) and one over the patch module (query 2n + i). On failure *bad is
 * the function refused.
 */
int kpatch_find_colds(struct kpatch_patch *p, struct kpatch_object *obj,
		      int *bad)
{
	int i, n = obj->nr_funcs, ret = -ENOMEM;
	struct kpatch_sym_query *q;

	*bad = 0;
	q = kcalloc(3 * n, sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct kpatch_func *f = &obj->funcs[i];

		f->cold_addr = f->cold_size = 0;
		f->new_cold_addr = f->new_cold_size = 0;
		q[2 * i].name = kasprintf(GFP_KERNEL, "%s.cold", f->name);
		if (f->cold_sympos != KPATCH_COLD_NONE)
			q[2 * i].sympos = f->cold_sympos;
		q[2 * i + 1].name = f->name;
		q[2 * n + i].name = new_cold_name(f);
		if (!q[2 * i].name || !q[2 * n + i].name)
			goto out;
	}
	kpatch_count_symbols(obj->name, q, 2 * n);
	kpatch_count_symbols(p->mod->name, q + 2 * n, n);
	for (i = 0, ret = 0; i < n && !ret; i++) {
		ret = original_cold(obj->name, &obj->funcs[i], &q[2 * i],
				    &q[2 * i + 1]);
		if (!ret)
			ret = new_cold(p, &obj->funcs[i], &q[2 * n + i]);
		if (ret)
			*bad = i;
	}
out:
	for (i = 0; i < n; i++) {
		kfree(q[2 * i].name);
		kfree(q[2 * n + i].name);
	}
	kfree(q);
	return ret;
}
