// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-version differences of kpatch.ko that need code (compat.h
 * has the rest).
 *
 * Symbol iteration: neither 6.1 nor 6.12 exports kallsyms_on_each_symbol,
 * so its address is taken once from a kprobe registered on it, and its
 * callback lost the struct module argument in 6.2; the core keeps 6.1's
 * visitor shape (kpatch_sym_fn) and 6.12 goes through an adapter. Modules'
 * symbols are read from the module list directly (each module's kallsyms
 * table, as the kernel's own iterator does), on both kernels: 6.12's
 * iterator does not say which module a symbol belongs to, and this way
 * kpatch.ko makes one indirect call into vmlinux less (see IBT below).
 *
 * IBT: a pointer found through kallsyms may lead to a function whose ENDBR
 * objtool sealed (nobody takes its address in vmlinux). Calling it is fine
 * on a CPU without IBT, and a #CP fault on one that enforces it, so each
 * such pointer is checked first; the sealed ones used anyway are listed
 * in /sys/module/kpatch/parameters/ibt_sealed.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/ibt.h>
#include <asm/pgtable.h>
#include "compat.h"

#ifdef CONFIG_X86_KERNEL_IBT
static char ibt_sealed[128];
module_param_string(ibt_sealed, ibt_sealed, sizeof(ibt_sealed), 0444);
MODULE_PARM_DESC(ibt_sealed, "kernel functions kpatch.ko calls through a pointer although their ENDBR is sealed (safe only because this CPU does not enforce IBT)");

static void note_sealed(const char *name)
{
	size_t len = strlen(ibt_sealed);

	if (len + strlen(name) + 2 > sizeof(ibt_sealed))
		return;
	if (len)
		ibt_sealed[len++] = ',';
	strscpy(ibt_sealed + len, name, sizeof(ibt_sealed) - len);
}
#endif

int kpatch_compat_callable(const char *name, unsigned long addr)
{
#ifdef CONFIG_X86_KERNEL_IBT
	u32 insn;

	if (copy_from_kernel_nofault(&insn, (void *)addr, sizeof(insn))) {
		pr_err("kpatch: %s cannot be read\n", name);
		return -EFAULT;
	}
	if (insn == gen_endbr())
		return 0;
	if (cpu_feature_enabled(X86_FEATURE_IBT)) {
		pr_err("kpatch: %s has no ENDBR (sealed by objtool) and this CPU enforces IBT: kpatch.ko cannot call it; boot with ibt=off to use kpatch.ko\n",
		       name);
		return -EOPNOTSUPP;
	}
	note_sealed(name);
#endif
	return 0;
}

static unsigned long probe_addr(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr;

	if (register_kprobe(&kp))
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
typedef int (*kallsyms_fn)(void *, const char *, unsigned long);

struct sym_adapter {
	kpatch_sym_fn fn;
	void *data;
};

static int adapt(void *data, const char *name, unsigned long addr)
{
	struct sym_adapter *a = data;

	return a->fn(a->data, name, NULL, addr);
}
#else
typedef kpatch_sym_fn kallsyms_fn;
#endif

static int (*each_symbol)(kallsyms_fn fn, void *data);

int kpatch_each_vmlinux_symbol(kpatch_sym_fn fn, void *data)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	struct sym_adapter a = { .fn = fn, .data = data };

	return each_symbol(adapt, &a);
#else
	return each_symbol(fn, data);
#endif
}

static int each_in_module(struct module *mod, kpatch_sym_fn fn, void *data)
{
	struct mod_kallsyms *ks = rcu_dereference_sched(mod->kallsyms);
	unsigned int i;
	int ret;

	for (i = 0; ks && i < ks->num_symtab; i++) {
		const Elf_Sym *s = &ks->symtab[i];

		if (s->st_shndx == SHN_UNDEF)
			continue;
		ret = fn(data, ks->strtab + s->st_name, mod, s->st_value);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The module list is a ring through every struct module and the list
 * head, which is vmlinux data; a struct module lives in module memory.
 * Walked from our own entry, under RCU-sched like the kernel's
 * find_module(): a module leaves the list with list_del_rcu() and is
 * freed after a grace period. fn must not sleep.
 */
int kpatch_each_module_symbol(kpatch_sym_fn fn, void *data)
{
	struct list_head *start = &THIS_MODULE->list, *node = start;
	struct module *mod;
	int ret = 0;

	preempt_disable();
	do {
		unsigned long at = (unsigned long)node;

		if (at >= MODULES_VADDR && at < MODULES_END) {
			mod = list_entry(node, struct module, list);
			if (mod->state != MODULE_STATE_UNFORMED)
				ret = each_in_module(mod, fn, data);
		}
		node = rcu_dereference_sched(list_next_rcu(node));
	} while (!ret && node != start);
	preempt_enable();
	return ret;
}

int kpatch_compat_init(void)
{
	unsigned long addr = probe_addr("kallsyms_on_each_symbol");
	int ret;

	if (!addr) {
		pr_err("kpatch: cannot locate kallsyms_on_each_symbol\n");
		return -ENOENT;
	}
	ret = kpatch_compat_callable("kallsyms_on_each_symbol", addr);
	if (!ret)
		each_symbol = (void *)addr;
	return ret;
}
