// SPDX-License-Identifier: GPL-2.0
/*
 * Compiled by kpatch-build against the target kernel tree: the size of each
 * variable below is the entry size of one special section in that kernel,
 * read back from the symbol table and handed to create-diff-object in the
 * environment variables kpatch has always used.
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/bug.h>
#include <linux/jump_label.h>
#include <linux/static_call_types.h>
#include <linux/printk.h>
#include <asm/alternative.h>
#include <asm/extable.h>
#include <asm/orc_types.h>
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
#include <asm/paravirt_types.h>
#endif

struct alt_instr kpatch_size_ALT_STRUCT_SIZE;
struct exception_table_entry kpatch_size_EX_STRUCT_SIZE;
struct orc_entry kpatch_size_ORC_STRUCT_SIZE;
struct static_call_site kpatch_size_STATIC_CALL_STRUCT_SIZE;
#ifdef CONFIG_GENERIC_BUG
struct bug_entry kpatch_size_BUG_STRUCT_SIZE;
#endif
#ifdef CONFIG_JUMP_LABEL
struct jump_entry kpatch_size_JUMP_STRUCT_SIZE;
#endif
/*
 * Linux 6.8 turned paravirt patching into alternatives: no
 * .parainstructions, no struct paravirt_patch_site, no size (absent).
 */
#if defined(CONFIG_PARAVIRT) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
struct paravirt_patch_site kpatch_size_PARA_STRUCT_SIZE;
#endif
#ifdef CONFIG_PRINTK_INDEX
/* .printk_index holds pointers to the entries, one per printk. */
struct pi_entry *kpatch_size_PRINTK_INDEX_STRUCT_SIZE;
#endif
