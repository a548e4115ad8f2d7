/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For patch authors: in a patched source file, write KPATCH_SYSCALL_DEFINEn
 * in place of SYSCALL_DEFINEn for a system call whose body changes, and
 * include this header (kpatch's names and arguments).
 *
 * Why: on x86_64 the body of SYSCALL_DEFINEn (n > 0) is a "static inline"
 * __do_sys_NAME, and the kernel's inline implies notrace: when GCC keeps it
 * out of line it has no fentry call and cannot be replaced. Here the body
 * and its argument-casting wrapper are ordinary static functions with new
 * names (__kpatch_do_sys_NAME, __kpatch_se_sys_NAME), so the entry points
 * the kernel calls (__x64_sys_NAME, and __ia32_sys_NAME with IA32
 * emulation), which call them or inline them, always change with the body:
 * the entry points are what the patch replaces, the renamed functions come
 * with it. SYSCALL_DEFINE0's body is already an ordinary function (the entry
 * point is its alias), so KPATCH_SYSCALL_DEFINE0 is the kernel's definition.
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
		return __kpatch_se_##name(__VA_ARGS__);			\
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
	static long __kpatch_se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__)); \
	static long __kpatch_do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__)); \
	__KPATCH_X64_SYS_STUBx(x, name, __VA_ARGS__)			\
	__KPATCH_IA32_SYS_STUBx(x, name, __VA_ARGS__)			\
	static long __kpatch_se_sys##name(__MAP(x, __SC_LONG, __VA_ARGS__)) \
	{								\
		long ret = __kpatch_do_sys##name(__MAP(x, __SC_CAST, __VA_ARGS__)); \
		__MAP(x, __SC_TEST, __VA_ARGS__);			\
		__PROTECT(x, ret, __MAP(x, __SC_ARGS, __VA_ARGS__));	\
		return ret;						\
	}								\
	static long __kpatch_do_sys##name(__MAP(x, __SC_DECL, __VA_ARGS__))

#define KPATCH_SYSCALL_DEFINE1(name, ...) __KPATCH_SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE2(name, ...) __KPATCH_SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE3(name, ...) __KPATCH_SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE4(name, ...) __KPATCH_SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE5(name, ...) __KPATCH_SYSCALL_DEFINEx(5, _##name, __VA_ARGS__)
#define KPATCH_SYSCALL_DEFINE6(name, ...) __KPATCH_SYSCALL_DEFINEx(6, _##name, __VA_ARGS__)

#endif /* __KPATCH_SYSCALL_H_ */
