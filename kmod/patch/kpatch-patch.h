/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ELF contract between create-diff-object and the patch-module glue.
 *
 * create-diff-object writes these records into dedicated sections of its
 * output object; kmod/patch/ links that object into a module whose init
 * walks the sections (bounded by linker-script symbols) and hands them to
 * kpatch.ko. kpatch.lds names the bounds of .kpatch.<a>[.<b>] __kpatch_<a>[_<b>]
 * and __kpatch_<a>[_<b>]_end (e.g. __kpatch_hooks_load_end); each section
 * is a plain array of its record, no padding, possibly empty or absent.
 * Records are grouped by objname (NULL counts as "vmlinux"); a reloc's
 * objname is the object that defines the symbol it refers to. Every field is a fixed 8 bytes so user space (which includes
 * this header with __KERNEL__ undefined) and the kernel agree on layout.
 * Pointers are filled in by ordinary R_X86_64_64 relocations.
 */
#ifndef _KPATCH_PATCH_H_
#define _KPATCH_PATCH_H_

/* Section names, shared by the differ and the module glue. */
#define KPATCH_FUNCS_SECTION		".kpatch.funcs"
#define KPATCH_RELOCS_SECTION		".kpatch.relocs"
/* Written by kpatch.ko at COMING, before the jump-label notifier (early.c). */
#define KPATCH_RELOCS_EARLY_SECTION	".kpatch.relocs.early"
#define KPATCH_STRINGS_SECTION		".kpatch.strings"
#define KPATCH_OBJECTS_SECTION		".kpatch.objects"
#define KPATCH_HOOKS_LOAD_SECTION	".kpatch.hooks.load"
#define KPATCH_HOOKS_UNLOAD_SECTION	".kpatch.hooks.unload"
#define KPATCH_CB_PRE_PATCH_SECTION	".kpatch.callbacks.pre_patch"
#define KPATCH_CB_POST_PATCH_SECTION	".kpatch.callbacks.post_patch"
#define KPATCH_CB_PRE_UNPATCH_SECTION	".kpatch.callbacks.pre_unpatch"
#define KPATCH_CB_POST_UNPATCH_SECTION	".kpatch.callbacks.post_unpatch"
/* Read by create-diff-object only; never reach the final module. */
#define KPATCH_IGNORE_SECTION_SECTION	".kpatch.ignore.sections"
#define KPATCH_IGNORE_FUNCTION_SECTION	".kpatch.ignore.functions"
#define KPATCH_FORCE_SECTION		".kpatch.force"

/* kpatch_patch_func.flags */
#define KPATCH_FUNC_FORCE	0x1UL	/* skip the activeness check */

/* kpatch_patch_func.cold_sympos: the function has no .cold part */
#define KPATCH_FUNC_NO_COLD	(~0UL)

/*
 * One function the patch replaces. old_addr is the address the function had
 * in the build's vmlinux (before KASLR) or its offset from the start of the
 * module's .text for a module object; 0 means "not recorded". sympos is the
 * 1-based position among same-named symbols of the object, 0 when the name is
 * unique there. cold_sympos is the 1-based position of the original's
 * NAME.cold part among the object's NAME.cold symbols (1 when unique),
 * KPATCH_FUNC_NO_COLD when it has none, 0 when not recorded (kmod/core/cold.c
 * says why the core needs it).
 */
struct kpatch_patch_func {
	unsigned long new_addr;		/* R_X86_64_64 -> replacement */
	unsigned long new_size;
	unsigned long old_addr;
	unsigned long old_size;
	unsigned long sympos;
	const char *name;		/* R_X86_64_64 -> .kpatch.strings */
	const char *objname;		/* "vmlinux" or a module name */
	unsigned long flags;
	unsigned long cold_sympos;
};

/*
 * A reference from the patch module to a symbol the module loader cannot
 * resolve (not exported, or in a module that may load later). The core
 * resolves name/objname/sympos and writes the value of relocation `type`
 * (an R_X86_64_* number: 64, PC32, PLT32, 32, 32S, PC64) at `dest`.
 *
 * Records in .kpatch.relocs are handed to kpatch_register() by the glue.
 * Records in .kpatch.relocs.early (vmlinux symbols only: the keys of kept
 * __jump_table and .static_call_sites entries, and static call sites'
 * calls) are written by kpatch.ko's own module notifier when the patch
 * module is COMING, before the kernel reads those tables; kmod/core/early.c
 * repeats this layout, so change both together.
 */
struct kpatch_patch_reloc {
	unsigned long dest;		/* R_X86_64_64 -> place to write */
	unsigned long type;
	unsigned long sympos;
	long addend;
	const char *name;
	const char *objname;
	unsigned long flags;		/* reserved, 0 */
};

/*
 * Objects the patch touches, one record each, so the core knows about an
 * object (e.g. a module that only has callbacks) even without functions.
 */
struct kpatch_patch_object {
	const char *objname;
	unsigned long flags;		/* reserved, 0 */
};

/* Load/unload hooks: run after an object is patched / before it is unpatched. */
struct kpatch_patch_hook {
	void (*fn)(void);
	const char *objname;		/* filled by create-diff-object */
};

struct kpatch_object;

/* Callbacks receive the core's object; see kpatch-macros.h (patch_object). */
struct kpatch_patch_callback {
	union {
		int (*pre_patch)(struct kpatch_object *obj);
		void (*post_patch)(struct kpatch_object *obj);
		void (*pre_unpatch)(struct kpatch_object *obj);
		void (*post_unpatch)(struct kpatch_object *obj);
		unsigned long fn;
	};
	const char *objname;		/* filled by create-diff-object */
};

#endif /* _KPATCH_PATCH_H_ */
