/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels kpatch.ko supports (Linux 6.1 and
 * 6.12, as Debian bookworm ships them) lives here and in compat.c; the
 * rest of the core is written once against these helpers.
 *
 * What differs, and what does not:
 * - ftrace_regs: 6.1 sets the resumed address with
 *   ftrace_instruction_pointer_set(), 6.12 with the ftrace_regs accessor
 *   ftrace_regs_set_instruction_pointer() (ftrace_regs became opaque).
 * - the per-CPU preempt count (with its NMI bits): a per-CPU variable of
 *   its own on 6.1, a field of pcpu_hot from 6.2.
 * - module layout: core_layout on 6.1, mem[MOD_TEXT] from 6.4.
 * - kallsyms: the iterators lost their struct module argument in 6.2
 *   and, like kallsyms_lookup_name, are not exported; see compat.c.
 * - IBT: functions found through kallsyms are called indirectly, which
 *   an IBT-enforcing CPU allows only onto an ENDBR; objtool seals (turns
 *   into a NOP) the ENDBR of functions whose address the kernel never
 *   takes. kpatch_compat_callable() checks before each such pointer is
 *   used.
 * The ftrace site of a function is its start on 6.1 without IBT and
 * start + 4 (after ENDBR) with it; the core passes the symbol's start,
 * which ftrace_set_filter_ip() maps to the site on both (ftrace_location()),
 * so no difference here. Stack walking (unwind_*), stop_machine() and the
 * writable-alias text writes (relocs.c) are the same on both.
 */
#ifndef _KPATCH_COMPAT_H_
#define _KPATCH_COMPAT_H_

#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "kpatch.ko supports Linux 6.1 and 6.12"
#endif

#ifndef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
#error "kpatch.ko needs an x86_64 kernel with DYNAMIC_FTRACE_WITH_ARGS (ftrace_regs carrying the instruction pointer)"
#endif

/* Resume the traced function's caller at ip instead (the replacement). */
static __always_inline void kpatch_set_ip(struct ftrace_regs *fregs,
					  unsigned long ip)
{
#ifdef ftrace_regs_set_instruction_pointer
	ftrace_regs_set_instruction_pointer(fregs, ip);
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

/* CPU cpu's preempt count, read from another CPU (its NMI bits). */
static inline int kpatch_cpu_preempt_count(int cpu)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return READ_ONCE(per_cpu(pcpu_hot.preempt_count, cpu));
#else
	return READ_ONCE(per_cpu(__preempt_count, cpu));
#endif
}

/* Where a module's core text starts (its .text comes first). */
static inline unsigned long kpatch_module_text_base(struct module *mod)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	return (unsigned long)mod->mem[MOD_TEXT].base;
#else
	return (unsigned long)mod->core_layout.base;
#endif
}

/* A kallsyms visitor, 6.1's shape: mod is NULL for vmlinux. */
typedef int (*kpatch_sym_fn)(void *data, const char *name,
			     struct module *mod, unsigned long addr);

int kpatch_compat_init(void);
/* vmlinux's symbols in kallsyms (address) order. */
int kpatch_each_vmlinux_symbol(kpatch_sym_fn fn, void *data);
/* Every formed module's defined symbols, each in its symtab order. */
int kpatch_each_module_symbol(kpatch_sym_fn fn, void *data);
/* 0 if the function at addr may be called through a pointer. */
int kpatch_compat_callable(const char *name, unsigned long addr);

#endif /* _KPATCH_COMPAT_H_ */
