/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For patch authors: in a patched source file, write KPATCH_SYSCALL_DEFINEn
 * in place of SYSCALL_DEFINEn for a system call whose body changes, and
 * include this header (kpatch's names and arguments).
 *
 * Why: on x86_64 the body of SYSCALL_DEFINEn (n > 0) is a "static inline"
 * __do_sys_NAME, and the kernel's inline implies notrace. When GCC keeps it
 * out of line it has no fentry call and cannot be replaced. Here __do_sys_NAME
 * is an ordinary static function, and the entry points (__x64_sys_NAME, and
 * __ia32_sys_NAME with IA32 emulation) are the kernel's, so they change with
 * it and are what the patch replaces.
 *
 * Left out, as they would add data the running kernel already has: the
 * syscall trace metadata (CONFIG_FTRACE_SYSCALLS) and the error-injection
 * list entry of each entry point.
 *
 * Mirrors arch/x86/include/asm/syscall_wrapper.h of Linux 6.1.
 */
#ifndef __KPATCH_SYSCALL_H_
#define __KPATCH_SYSCALL_H_

#include <linux/syscalls.h>

#ifndef CONFIG_X86_64
#error "kpatch-syscall.h supports x86_64 only"
#endif

#define __KPATCH_SYS_STUB0(abi, name)					\
	long __##abi##_##name(const struct pt_regs *regs);		\
	long __##abi##_##name(const struct pt_regs *regs)		\
		__alias(__do_##name);

#define __KPATCH_SYS_STUBx(abi, name, ...)				\
	long __##abi##_##name(const struct pt_regs *regs);		\
	long __##abi##_##name(const struct pt_regs *regs)		\
	{								\
		return __se_##name(__VA_ARGS__);			\
	}

#define __KPATCH_X64_SYS_STUB0(name)					\
	__KPATCH_SYS_STUB0(x64, sys_##name)
#define __KPATCH_X64_SYS_STUBx(x, name, ...)				\
	__KPATCH_SYS_STUBx(x64, sys##name,				\
			   SC_X86_64_REGS_TO_ARGS(x, __VA_ARGS__))

#ifdef CONFIG_IA32_EMULATION
#define __KPATCH_IA32_SYS_STUB0(name)					\
	__KPATCH_SYS_STUB0(ia32, sys_##name)
#define __KPATCH_IA32_SYS_STUBx(x, name, ...)				\
	__KPATCH_SYS_STUBx(ia32, sys##name,				\
			   SC_IA32_REGS_TO_ARGS(x, __VA_ARGS__))
#else
#define __KPATCH_IA32_SYS_STUB0(name)
#define __KPATCH_IA32_SYS_STUBx(x, name, ...)
#endif

#define KPATCH_SYSCALL_DEFINE0(sname)					\
	static long __do_sys_##sname(const struct pt_regs *__unused);	\
	__KPATCH_X64_SYS_STUB0(sname)					\
	__KPATCH_IA32_SYS_STUB0(sname)					\
	static long __do_sys_##sname(const struct pt_regs *__unused)

#define __KPATCH_SYSCALL_DEFINEx(x, name, ...)				\
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__));	\
	static long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__));	\
	__KPATCH_X64_SYS_STUBx(x, name, __VA_ARGS__)			\
	__KPATCH_IA32_SYS_STUBx(x, name, __VA_ARGS__)			\
	static long __se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__))	\
	{								\
		long ret = __do_sys##name(__MAP(x, __SC_CAST, __VA_ARGS__)); \
		__MAP(x, __SC_TEST, __VA_ARGS__);			\
		__PROTECT(x, ret, __MAP(x, __SC_ARGS, __VA_ARGS__));	\
		return ret;						\
	}								\
	static long __do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#define KPATCH_SYSCALL_DEFINE1(name, ...) __KPATCH_SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE2(name, ...) __KPATCH_SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE3(name, ...) __KPATCH_SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE4(name, ...) __KPATCH_SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE5(name, ...) __KPATCH_SYSCALL_DEFINEx(5, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE6(name, ...) __KPATCH_SYSCALL_DEFINEx(6, _##name, __VA_ARGS__)

#endif /* __KPATCH_SYSCALL_H_ */
