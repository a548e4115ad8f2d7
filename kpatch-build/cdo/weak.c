// SPDX-License-Identifier: GPL-2.0
/*
 * __weak functions. The kernel runs a weak default only when nothing
 * links a strong definition of the name (an arch override, say); then the
 * parent's symbol is the strong one, and a patch replacing "the function of
 * that name" with the changed weak default would put the default's code in
 * place of the arch function. A linked executable or `ld -r` keeps the
 * binding: a weak definition the kernel runs is WEAK in SYMTAB, an
 * overridden one is not there at all and the name is GLOBAL. SYMTAB lists
 * globals without their file, so the size is what tells this object's weak
 * definition from another object's.
 */
#include <string.h>

#include "cdo.h"
#include "log.h"

/* The parent's global symbols of that name: a strong one, the first weak. */
static void parent_defs(struct cdo *c, const char *name, struct ksym **strong,
			struct ksym **weak)
{
	struct hash_node *n;

	*strong = *weak = NULL;
	hash_for_each_key(&c->ksyms->hash, name, n) {
		struct ksym *k = n->owner;

		if (k->local)
			continue;
		if (!k->weak && !*strong)
			*strong = k;
		else if (k->weak && !*weak)
			*weak = k;
	}
}

bool weak_overridden(struct cdo *c, struct symbol *f)
{
	struct symbol *o = f->twin ? f->twin : f;
	struct ksym *strong, *weak;

	if (o->bind != STB_WEAK || !is_func(o))
		return false;
	parent_defs(c, o->name, &strong, &weak);
	if (strong) {
		log_info("not the running definition: %s is overridden by a "
			 "strong definition in %s (%lu bytes at 0x%lx); nothing "
			 "to patch for it, and calls to it are the kernel's",
			 o->name, c->parent, strong->size, strong->addr);
		if (f->status == ST_CHANGED)
			f->status = ST_SAME;
		return true;
	}
	if (weak && f->twin && weak->size != o->sym.st_size) {
		refuse(c, "weak function %s: %s's weak %s is %lu bytes, this "
		       "object's %lu: another object's weak definition may be "
		       "the one linked, so which the kernel runs cannot be told",
		       o->name, c->parent, o->name, weak->size,
		       (unsigned long)o->sym.st_size);
		f->refused = true;
		return true;
	}
	return false;
}
