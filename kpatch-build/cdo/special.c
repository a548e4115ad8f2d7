// SPDX-License-Identifier: GPL-2.0
/*
 * Special sections: arrays of fixed-size entries, each pointing into a
 * function (a bug site, an exception site, an alternative, a jump label).
 * The patch keeps exactly the entries of the functions it includes. Entry
 * sizes vary between kernel versions, so kpatch-build measures them for
 * the target and passes them in the environment under kpatch's names; the
 * defaults are Linux 6.1 x86_64's. The lists of one address each are as
 * wide as their relocations (special-layout.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"
#include "special.h"

static struct special specials[] = {
	{ "__bug_table", "BUG_STRUCT_SIZE", 12, KEEP_BY_FUNCTION, NULL, NULL },
	{ "__ex_table", "EX_STRUCT_SIZE", 12, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".altinstructions", "ALT_STRUCT_SIZE", 12, KEEP_BY_FUNCTION, NULL, NULL },
	{ "__jump_table", "JUMP_STRUCT_SIZE", 16, KEEP_BY_FUNCTION, NULL, check_jump_key },
	{ ".parainstructions", "PARA_STRUCT_SIZE", 16, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".static_call_sites", "STATIC_CALL_STRUCT_SIZE", 8, KEEP_BY_FUNCTION,
	  NULL, check_static_call },
	{ ".smp_locks", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".retpoline_sites", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".return_sites", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".call_sites", NULL, 4, KEEP_BY_FUNCTION, NULL, check_call_site },
	{ ".ibt_endbr_seal", NULL, 4, KEEP_BY_FUNCTION, NULL, check_endbr_seal },
	{ ".orc_unwind_ip", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ "__mcount_loc", NULL, 8, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".discard.reachable", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".discard.unreachable", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".discard.retpoline_safe", NULL, 8, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".discard.instr_begin", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".discard.instr_end", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".discard.intra_function_calls", NULL, 4, KEEP_BY_FUNCTION, NULL, NULL },
	{ ".orc_unwind", "ORC_STRUCT_SIZE", 6, NEVER_INCLUDE, NULL, NULL },
	/*
	 * -fpatchable-function-entry=16,16 (CALL_PADDING, 6.2+) lists every
	 * function's padding here. x86 reads __mcount_loc instead (ftrace's
	 * FTRACE_CALLSITE_SECTION without CC_USING_PATCHABLE_FUNCTION_ENTRY)
	 * and vmlinux discards it: nothing in the kernel reads it, and the
	 * padding itself comes along with each function's section.
	 */
	{ "__patchable_function_entries", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ ".printk_index", "PRINTK_INDEX_STRUCT_SIZE", 8, KEEP_BY_FUNCTION,
	  printk_index_owner, NULL },
	{ "__tracepoints", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ "__tracepoints_ptrs", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ "__tracepoints_strings", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ "_ftrace_events", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ "_ftrace_eval_map", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ "__bpf_raw_tp_map", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ "__dyndbg", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ "__dyndbg_classes", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ ".static_call.text", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ ".modinfo", NULL, 0, NEVER_INCLUDE, NULL, NULL },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

struct special *special_lookup(const char *name)
{
	struct special *sp;

	for (sp = specials; sp->name; sp++)
		if (!strcmp(sp->name, name))
			return sp;
	return NULL;
}

/* Entry sizes from the environment; a bad value is an error, not a guess. */
int special_init(void)
{
	struct special *sp;

	for (sp = specials; sp->name; sp++) {
		const char *v = sp->size_env ? getenv(sp->size_env) : NULL;
		char *end;
		unsigned long n;

		if (!v || !*v)
			continue;
		n = strtoul(v, &end, 0);
		if (*end || n == 0 || n > 4096) {
			log_error("%s=%s: not a valid entry size", sp->size_env, v);
			return -1;
		}
		sp->size = n;
	}
	return 0;
}

bool is_special_section(const struct section *s)
{
	return special_lookup(s->name) != NULL;
}

void mark_special(struct elf *e)
{
	size_t i;

	for (i = 1; i < e->nr_secs; i++)
		if (special_lookup(e->secs[i].name))
			e->secs[i].special = true;
}
