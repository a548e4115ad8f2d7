/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough of the kernel's declarations for the differ's unit cases,
 * written for these tests. Special-section entries are emitted with inline
 * asm in the Linux 6.1 x86_64 layouts:
 *   __bug_table      struct bug_entry             12 bytes (relative pointers)
 *   __ex_table       struct exception_table_entry 12 bytes
 *   .altinstructions struct alt_instr             12 bytes
 *   __jump_table     struct jump_entry            16 bytes
 *   .smp_locks       one 4-byte relative pointer per lock prefix
 * A case may define KT_BUG_ENTRY_SIZE before including this file to pad the
 * bug entries (an "other kernel version" layout).
 */
#ifndef KERNEL_LITE_H
#define KERNEL_LITE_H

#define NULL ((void *)0)
typedef unsigned long size_t;
typedef _Bool bool;
#define true 1
#define false 0

#define __section(s)	__attribute__((section(s)))
#define __used		__attribute__((used))
#define __cold		__attribute__((cold))
#define noinline	__attribute__((noinline))
#define notrace		__attribute__((no_instrument_function))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define __init		__section(".init.text") __cold
#define __initdata	__section(".init.data")
#define __read_mostly	__section(".data..read_mostly")
#define DEFINE_PER_CPU(type, name) __section(".data..percpu") __typeof__(type) name

/* Exported by the (fake) kernel: see base.symvers. */
__attribute__((cold)) int _printk(const char *fmt, ...);
#define printk(...) _printk(__VA_ARGS__)
void __might_sleep(const char *file, int line);
void __warn_printk(const char *fmt, ...);
void *kmalloc(size_t size, unsigned int flags);
void kfree(const void *p);
void *memset(void *s, int c, size_t n);
char *strcpy(char *d, const char *s);
size_t strlen(const char *s);

#define might_sleep() __might_sleep(__FILE__, __LINE__)

#ifndef KT_BUG_ENTRY_SIZE
#define KT_BUG_ENTRY_SIZE 12
#endif
#define KT_BUGFLAG_WARNING	(1 << 0)

/* One bug_entry: {int bug_addr_disp; int file_disp; u16 line; u16 flags}. */
#define KT_BUG_FLAGS(extra, flags)					\
	asm volatile("1:\tud2\n"					\
		     ".pushsection __bug_table,\"aw\"\n"		\
		     "2:\t.long 1b - .\n"				\
		     "\t.long %c0 - .\n"				\
		     "\t.word %c1\n"					\
		     "\t.word %c2\n"					\
		     "\t.org 2b + %c3\n"				\
		     ".popsection\n"					\
		     extra						\
		     : : "i"(__FILE__), "i"(__LINE__), "i"(flags),	\
		       "i"(KT_BUG_ENTRY_SIZE))

#define KT_REACHABLE							\
	"3:\t.pushsection .discard.reachable\n"			\
	"\t.long 3b - .\n"						\
	"\t.popsection\n"

#define BUG() do { KT_BUG_FLAGS("", 0); __builtin_unreachable(); } while (0)
#define WARN_ON(cond) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		KT_BUG_FLAGS(KT_REACHABLE, KT_BUGFLAG_WARNING);		\
	unlikely(__ret_warn_on);					\
})
#define WARN(cond, ...) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on)) {					\
		__warn_printk(__VA_ARGS__);				\
		KT_BUG_FLAGS(KT_REACHABLE, KT_BUGFLAG_WARNING);		\
	}								\
	unlikely(__ret_warn_on);					\
})

/* One exception_table_entry: {int insn; int fixup; int data}. */
#define KT_EXTABLE(from, to, type)					\
	".pushsection __ex_table,\"a\"\n"				\
	"\t.balign 4\n"							\
	"\t.long " from " - .\n"					\
	"\t.long " to " - .\n"						\
	"\t.long " #type "\n"						\
	".popsection\n"

/* A faulting load with a fixup: *dst = *src, or -14 when it faults. */
static inline int kt_get_user(int *dst, const int *src)
{
	int err = 0;

	asm volatile("1:\tmovl (%2), %1\n"
		     "2:\n"
		     KT_EXTABLE("1b", "2b", 3)
		     : "+r"(err), "=r"(*dst) : "r"(src) : "memory");
	return err;
}

/*
 * One alt_instr: {s32 instr_offset; s32 repl_offset; u16 cpuid;
 * u8 instrlen; u8 replacementlen}; both instructions have the same length.
 */
#define kt_alternative(oldinstr, newinstr, feature)			\
	asm volatile("661:\n\t" oldinstr "\n662:\n"			\
		     ".pushsection .altinstructions,\"a\"\n"		\
		     "\t.long 661b - .\n"				\
		     "\t.long 6641f - .\n"				\
		     "\t.word " #feature "\n"				\
		     "\t.byte 662b - 661b\n"				\
		     "\t.byte 6651f - 6641f\n"				\
		     ".popsection\n"					\
		     ".pushsection .altinstr_replacement,\"ax\"\n"	\
		     "6641:\n\t" newinstr "\n6651:\n"			\
		     ".popsection\n" : : : "memory")

/* A lock-prefixed increment recorded in .smp_locks. */
static inline void kt_atomic_inc(int *v)
{
	asm volatile(".pushsection .smp_locks,\"a\"\n"
		     "\t.balign 4\n"
		     "\t.long 671f - .\n"
		     ".popsection\n"
		     "671:\n\tlock incl %0" : "+m"(*v));
}

/* Static keys: struct static_key {int enabled; void *entries;}. */
struct static_key {
	int enabled;
	void *entries;
};

/* One jump_entry: {s32 code; s32 target; long key} (key relative, bit 0 = branch). */
static inline __attribute__((always_inline)) bool kt_static_branch(struct static_key *key)
{
	asm goto("1:\t.byte 0x0f,0x1f,0x44,0x00,0x00\n"
		 ".pushsection __jump_table,\"aw\"\n"
		 "\t.balign 8\n"
		 "\t.long 1b - ., %l[l_yes] - .\n"
		 "\t.quad %c0 + %c1 - .\n"
		 ".popsection\n"
		 : : "i"(key), "i"(0) : : l_yes);
	return false;
l_yes:
	return true;
}

/*
 * Dynamic debug (6.1 struct _ddebug without its static key): the
 * descriptor, in __dyndbg, records the line of the pr_debug().
 */
struct _ddebug {
	const char *modname;
	const char *function;
	const char *filename;
	const char *format;
	unsigned int lineno:18;
	unsigned int class_id:6;
	unsigned int flags:8;
} __attribute__((aligned(8)));
void __dynamic_pr_debug(struct _ddebug *descriptor, const char *fmt, ...);
#define pr_debug(fmt, ...) do {						\
	static struct _ddebug __used __section("__dyndbg")		\
		kt_ddebug = { "kt", __func__, __FILE__, fmt,		\
			      __LINE__, 0, 0 };				\
	if (unlikely(kt_ddebug.flags & 1))				\
		__dynamic_pr_debug(&kt_ddebug, fmt, ##__VA_ARGS__);	\
} while (0)

/*
 * One paravirt_patch_site: {u8 *instr; u8 type; u8 len;}, 16 bytes with
 * its padding, for a 5-byte patchable site.
 */
#define kt_paravirt_site(type)						\
	asm volatile("771:\t.byte 0x0f,0x1f,0x44,0x00,0x00\n772:\n"	\
		     ".pushsection .parainstructions,\"a\"\n"		\
		     "\t.balign 8\n"					\
		     "773:\t.quad 771b\n"				\
		     "\t.byte " #type "\n"				\
		     "\t.byte 772b - 771b\n"				\
		     "\t.org 773b + 16\n"				\
		     ".popsection\n" : : : "memory")

/* The kernel's __UNIQUE_ID: a name with a __COUNTER__ suffix. */
#define KT_PASTE2(a, b) a##b
#define KT_PASTE(a, b) KT_PASTE2(a, b)
#define __UNIQUE_ID(prefix) KT_PASTE(KT_PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/*
 * printk index (6.1 struct pi_entry): each printk site has a static entry
 * with its line, and .printk_index holds a pointer to it.
 */
struct pi_entry {
	const char *fmt;
	const char *func;
	const char *file;
	unsigned int line;
	const char *level;
	const char *subsys_fmt_prefix;
};
#define kt_printk_indexed(_fmt, ...) ({					\
	static const struct pi_entry _entry __used = {			\
		.fmt = _fmt, .func = __func__, .file = __FILE__,		\
		.line = __LINE__, .level = NULL, .subsys_fmt_prefix = NULL }; \
	static const struct pi_entry *_entry_ptr __used		\
		__section(".printk_index") = &_entry;			\
	_printk(_fmt, ##__VA_ARGS__);					\
})

/*
 * static_cpu_has() as 6.1 builds it: a jump to a test in .altinstr_aux,
 * patched by an alternative into a jump straight to the "yes" label.
 */
extern unsigned char kt_cpu_caps[32];
static inline __attribute__((always_inline)) bool kt_static_cpu_has(unsigned short bit)
{
	asm goto("661:\n\tjmp 6f\n662:\n"
		 ".pushsection .altinstructions,\"a\"\n"
		 "\t.long 661b - .\n"
		 "\t.long 6641f - .\n"
		 "\t.word %c[feature]\n"
		 "\t.byte 662b - 661b\n"
		 "\t.byte 6651f - 6641f\n"
		 ".popsection\n"
		 ".pushsection .altinstr_replacement,\"ax\"\n"
		 "6641:\n\tjmp %l[t_yes]\n6651:\n"
		 ".popsection\n"
		 ".pushsection .altinstr_aux,\"ax\"\n"
		 "6:\n\ttestb %[bitnum], %[cap_byte]\n"
		 "\tjnz %l[t_yes]\n"
		 "\tjmp %l[t_no]\n"
		 ".popsection\n"
		 : : [feature] "i"(bit), [bitnum] "i"(1 << (bit & 7)),
		     [cap_byte] "m"(kt_cpu_caps[bit >> 3])
		 : : t_yes, t_no);
t_yes:
	return true;
t_no:
	return false;
}

/*
 * EXPORT_SYMBOL as 6.1 emits it with relative references: a ___ksymtab+sym
 * entry, the name in __ksymtab_strings, and an __addressable reference.
 */
#define EXPORT_SYMBOL(sym)						\
	static void *__UNIQUE_ID(__addressable_##sym) __used		\
		__section(".discard.addressable") = (void *)&sym;	\
	asm("\t.section \"___ksymtab+" #sym "\", \"a\"\n"		\
	    "\t.balign 4\n"						\
	    "__ksymtab_" #sym ":\n"					\
	    "\t.long " #sym " - .\n"					\
	    "\t.long __kstrtab_" #sym " - .\n"				\
	    "\t.long __kstrtabns_" #sym " - .\n"			\
	    "\t.previous\n"						\
	    "\t.section \"__ksymtab_strings\",\"aMS\",%progbits,1\n"	\
	    "__kstrtab_" #sym ":\n\t.asciz \"" #sym "\"\n"		\
	    "__kstrtabns_" #sym ":\n\t.asciz \"\"\n"			\
	    "\t.previous\n")

/*
 * A faulting load whose fixup code lives in .fixup, as kernels before 5.17
 * built them (6.1 has no .fixup).
 */
static inline int kt_get_user_fixup(int *dst, const int *src)
{
	int err = 0;

	asm volatile("1:\tmovl (%2), %1\n"
		     "2:\n"
		     ".pushsection .fixup,\"ax\"\n"
		     "3:\tmovl $-14, %0\n"
		     "\tjmp 2b\n"
		     ".popsection\n"
		     KT_EXTABLE("1b", "3b", 0)
		     : "+r"(err), "=r"(*dst) : "r"(src) : "memory");
	return err;
}

#endif
