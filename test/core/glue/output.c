// SPDX-License-Identifier: GPL-2.0
/*
 * A hand-written stand-in for create-diff-object's output.o, to test the
 * patch-module glue (kmod/patch) and the core's relocations without the
 * differ. It holds what the differ would emit for a patch to
 * cmdline_proc_show: the replacement, its .kpatch.funcs record, names in
 * .kpatch.strings, and .kpatch.relocs records for references the module
 * loader cannot resolve (non-exported symbols), whose places are left zero
 * exactly as the differ leaves them.
 *
 * The replacement prints "kpatched A B C NAME CMDLINE": A, B and C are the
 * address of the second _acpi_module_name of vmlinux (sympos 2) through an
 * R_X86_64_64, a PC32 and a 32S relocation; NAME is that string and
 * CMDLINE is *saved_command_line (a unique, non-exported global) read
 * through a PC32 relocation.
 *
 * KP_VARIANT 1 adds a relocation to a symbol that does not exist; 2 makes
 * the pre-patch callback fail; 3 adds an R_X86_64_32 one, which cannot
 * hold a kernel address. KP_OLD_ADDR/KP_OLD_SIZE are the build's
 * values when known.
 */
#include <linux/elf.h>
#include <linux/seq_file.h>
#include "kpatch.h"
#include "kpatch-macros.h"

#ifndef KP_VARIANT
#define KP_VARIANT 0
#endif
#ifndef KP_OLD_ADDR
#define KP_OLD_ADDR 0
#endif
#ifndef KP_OLD_SIZE
#define KP_OLD_SIZE 0
#endif

#define KP_STRING(var, str) \
	static const char var[] __used __section(".kpatch.strings") = str
KP_STRING(s_vmlinux, "vmlinux");
KP_STRING(s_func, "cmdline_proc_show");
KP_STRING(s_cmdline, "saved_command_line");
KP_STRING(s_acpi, "_acpi_module_name");
KP_STRING(s_missing, "kp_no_such_symbol");

/*
 * An instruction whose field at offset off is a relocation the core must
 * fill, and its .kpatch.relocs record (dest, type, sympos, addend, name,
 * objname, flags) emitted from the same asm, so they cannot drift apart.
 */
#define KP_RELOC_INSN(insn, off, type, pos, addend, name, out) \
do { \
	asm volatile("1: " insn "\n\t" \
		     ".pushsection .kpatch.relocs, \"aw\"\n\t" \
		     ".balign 8\n\t" \
		     ".quad 1b + " #off ", %c1, %c2, %c3, %c4, %c5, 0\n\t" \
		     ".popsection" \
		     : "=r" (out) \
		     : "i" (type), "i" (pos), "i" (addend), "i" (name), \
		       "i" (s_vmlinux)); \
} while (0)

static int new_cmdline_proc_show(struct seq_file *m, void *v)
{
	unsigned long abs64, pc32, abs32s;
	char **cmdline;

	/* lea 0(%rip),%reg: REX, 8d, modrm, then disp32 at offset 3. */
	KP_RELOC_INSN("lea 0(%%rip), %0", 3, R_X86_64_PC32, 0, -4,
		      s_cmdline, cmdline);
	/* movabs $0,%reg: REX, b8+r, then imm64 at offset 2. */
	KP_RELOC_INSN("movabs $0, %0", 2, R_X86_64_64, 2, 0, s_acpi, abs64);
	KP_RELOC_INSN("lea 0(%%rip), %0", 3, R_X86_64_PC32, 2, -4, s_acpi,
		      pc32);
	/* movq $0,%reg: REX, c7, modrm, then sign-extended imm32 at 3. */
	KP_RELOC_INSN("movq $0, %0", 3, R_X86_64_32S, 2, 0, s_acpi, abs32s);
#if KP_VARIANT == 1
	{
		unsigned long missing;

		KP_RELOC_INSN("movabs $0, %0", 2, R_X86_64_64, 0, 0,
			      s_missing, missing);
		seq_printf(m, "%lx", missing);
	}
#endif
	seq_printf(m, "kpatched %016lx %016lx %016lx %s %s\n", abs64, pc32,
		   abs32s, (char *)abs64, *cmdline);
	return 0;
}

#if KP_VARIANT == 3
asm(".pushsection .data\n\t"
	"kp_narrow: .long 0\n\t"
	".popsection\n\t"
	".pushsection .kpatch.relocs, \"aw\"\n\t"
	".balign 8\n\t"
	".quad kp_narrow, 10, 0, 0, s_cmdline, s_vmlinux, 0\n\t"
	".popsection");
#endif

static struct kpatch_patch_func func __used __section(".kpatch.funcs") = {
	.new_addr = (unsigned long)new_cmdline_proc_show,
	.new_size = 256,	/* an upper bound; the differ knows the size */
	.old_addr = KP_OLD_ADDR,
	.old_size = KP_OLD_SIZE,
	.name = s_func,
	.objname = s_vmlinux,
};

static int pre_patch(patch_object *obj)
{
	KPATCH_PRINTK(KERN_INFO "glue-test: %s %s\n", __func__, obj->name);
	return KP_VARIANT == 2 ? -EPERM : 0;
}
KPATCH_PRE_PATCH_CALLBACK(pre_patch);

static void post_patch(patch_object *obj)
{
	KPATCH_PRINTK(KERN_INFO "glue-test: %s %s\n", __func__, obj->name);
}
KPATCH_POST_PATCH_CALLBACK(post_patch);

static void pre_unpatch(patch_object *obj)
{
	KPATCH_PRINTK(KERN_INFO "glue-test: %s %s\n", __func__, obj->name);
}
KPATCH_PRE_UNPATCH_CALLBACK(pre_unpatch);

static void post_unpatch(patch_object *obj)
{
	KPATCH_PRINTK(KERN_INFO "glue-test: %s %s\n", __func__, obj->name);
}
KPATCH_POST_UNPATCH_CALLBACK(post_unpatch);

static void load_hook(void)
{
	KPATCH_PRINTK(KERN_INFO "glue-test: load hook\n");
}
KPATCH_LOAD_HOOK(load_hook);

static void unload_hook(void)
{
	KPATCH_PRINTK(KERN_INFO "glue-test: unload hook\n");
}
KPATCH_UNLOAD_HOOK(unload_hook);

/* Only the differ reads these; kpatch.lds must drop them from the module. */
KPATCH_IGNORE_SECTION(".data.kp_test");
KPATCH_IGNORE_FUNCTION(post_patch);
KPATCH_FORCE_UNSAFE(unload_hook);
