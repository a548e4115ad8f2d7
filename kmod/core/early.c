// SPDX-License-Identifier: GPL-2.0
/*
 * Early relocations: the references of a patch module that the kernel
 * reads before the module's init runs, and so before kpatch_register().
 *
 * A patch keeps the __jump_table and .static_call_sites entries of the
 * functions it replaces. Their keys (a tracepoint's __tracepoint_foo and
 * __SCK__tp_func_foo, a static key such as slub_debug_enabled) live in
 * vmlinux and are usually not exported, so the module loader leaves those
 * fields zero and create-diff-object describes them in the patch's
 * .kpatch.relocs.early records instead of .kpatch.relocs. The kernel's
 * jump-label (priority 1) and static-call (priority 0) module notifiers
 * read the entries at MODULE_STATE_COMING: they sort them by key, link the
 * module to each key and patch the module's sites to the key's current
 * state. This notifier runs before them all (INT_MAX) and, at COMING of a
 * patch module, writes every early record with the same code the core
 * uses for the others (kpatch_apply_relocs: the value checked, the place
 * checked to be zero, written through a temporary writable alias, since
 * the module's text is already read-only at COMING; __jump_table is still
 * writable then, being ro_after_init, and .static_call_sites is plain
 * data). The call instruction of a kept static call site is an early
 * record too: the static-call notifier rewrites that call right after.
 *
 * Early records are never handed to kpatch_register(), so registration
 * neither redoes nor checks them again, and nothing undoes them: they
 * point into vmlinux, which does not go away, and they live in the patch
 * module's own memory, which goes with it. A patch module is recognised
 * by the __kpatch_relocs_early/_end symbols kpatch.lds gives it; a failure
 * makes the module's load fail, naming the symbol.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

/*
 * struct kpatch_patch_reloc of kmod/patch/kpatch-patch.h, the ELF contract
 * with create-diff-object (every field 8 bytes). kpatch.ko is built from
 * kmod/core alone, so the layout is repeated here (kpatch-patch.h says
 * so at the struct, and patch-glue.c checks its size).
 */
struct early_rec {
	unsigned long dest;
	unsigned long type;
	unsigned long sympos;
	long addend;
	const char *name;
	const char *objname;
	unsigned long flags;
};

/* A defined symbol of mod's own (init-time, full) symbol table, or 0. */
static unsigned long own_symbol(struct module *mod, const char *name)
{
	struct mod_kallsyms *ks;
	unsigned long addr = 0;
	unsigned int i;

	preempt_disable();
	ks = rcu_dereference_sched(mod->kallsyms);
	for (i = 1; ks && i < ks->num_symtab; i++) {
		const Elf_Sym *s = &ks->symtab[i];

		if (s->st_shndx != SHN_UNDEF &&
		    !strcmp(ks->strtab + s->st_name, name)) {
			addr = s->st_value;
			break;
		}
	}
	preempt_enable();
	return addr;
}

/* The records, checked to be a whole array of vmlinux ones in mod. */
static int find_records(struct module *mod, struct early_rec **start,
			int *n)
{
	unsigned long lo = own_symbol(mod, "__kpatch_relocs_early");
	unsigned long hi = own_symbol(mod, "__kpatch_relocs_early_end");
	struct early_rec *r;
	int i;

	*n = 0;
	if (!lo && !hi)
		return 0;		/* not a patch module */
	if (!lo || hi < lo || (hi - lo) % sizeof(*r) ||
	    (hi > lo && (!within_module(lo, mod) ||
			 !within_module(hi - 1, mod)))) {
		pr_err("kpatch: %s: .kpatch.relocs.early is not a whole array of records\n",
		       mod->name);
		return -EINVAL;
	}
	*start = (struct early_rec *)lo;
	*n = (hi - lo) / sizeof(*r);
	for (i = 0; i < *n; i++) {
		r = &(*start)[i];
		if (!r->name || (r->objname && strcmp(r->objname, "vmlinux"))) {
			pr_err("kpatch: %s: early reloc %d is not for a named vmlinux symbol\n",
			       mod->name, i);
			return -EINVAL;
		}
	}
	return 0;
}

static int resolve_early(struct module *mod)
{
	struct kpatch_patch tmp = { .mod = mod };
	struct kpatch_object obj = { .name = "vmlinux" };
	struct early_rec *recs;
	int i, n, ret;

	ret = find_records(mod, &recs, &n);
	if (ret || !n)
		return ret;
	obj.relocs = kcalloc(n, sizeof(*obj.relocs), GFP_KERNEL);
	if (!obj.relocs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		obj.relocs[i].dest = recs[i].dest;
		obj.relocs[i].type = recs[i].type;
		obj.relocs[i].sympos = recs[i].sympos;
		obj.relocs[i].addend = recs[i].addend;
		obj.relocs[i].name = recs[i].name;
		obj.relocs[i].objname = obj.name;
	}
	obj.nr_relocs = n;
	ret = kpatch_apply_relocs(&tmp, &obj);
	kfree(obj.relocs);
	if (!ret)
		pr_debug("kpatch: %s: %d early relocations written\n",
			 mod->name, n);
	return ret;
}

static int kpatch_early_notify(struct notifier_block *nb,
			       unsigned long action, void *data)
{
	if (action != MODULE_STATE_COMING)
		return NOTIFY_DONE;
	return notifier_from_errno(resolve_early(data));
}

/* Before jump_label_module_nb (1), static_call_module_nb and the rest. */
static struct notifier_block kpatch_early_nb = {
	.notifier_call = kpatch_early_notify,
	.priority = INT_MAX,
};

int kpatch_early_init(void)
{
	return register_module_notifier(&kpatch_early_nb);
}

void kpatch_early_exit(void)
{
	unregister_module_notifier(&kpatch_early_nb);
}
