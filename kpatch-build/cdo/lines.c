// SPDX-License-Identifier: GPL-2.0
/*
 * Line-number-only changes. Macros such as WARN, might_sleep and the printk
 * family pass __LINE__ as an immediate, so editing lines above a function
 * changes its bytes without changing what it does. Capstone decodes both
 * versions; they are the same when every differing instruction is a
 * "mov $imm, %reg" into the same register and the function calls one of
 * the helpers that take a line number.
 */
#include <capstone/capstone.h>
#include <string.h>

#include "decode.h"
#include "lines.h"

static const char *const line_users[] = {
	"__warn_printk", "__might_sleep", "__might_resched", "__might_fault",
	"__cant_sleep", "__cant_migrate", "lockdep_rcu_suspicious",
	"warn_slowpath_fmt", "_printk", "printk", "__dynamic_pr_debug",
	"__dynamic_dev_dbg", "_dev_warn", "_dev_err", "_dev_info",
	"__ubsan_handle_", "__bad_", "report_bug", NULL,
};

static bool calls_line_user(struct section *s, unsigned long start,
			    unsigned long len)
{
	const char *const *u;
	size_t i;

	for (i = 0; i < s->nr_relocs; i++) {
		struct reloc *r = &s->relocs[i];

		if (r->offset < start || r->offset >= start + len)
			continue;
		for (u = line_users; *u; u++)
			if (!strncmp(r->sym->name, *u, strlen(*u)))
				return true;
	}
	return false;
}

static bool is_mov_imm(csh h, const cs_insn *a, const cs_insn *b)
{
	const cs_x86 *x = &a->detail->x86, *y = &b->detail->x86;

	(void)h;
	return a->id == X86_INS_MOV && b->id == X86_INS_MOV &&
	       a->size == b->size && x->op_count == 2 && y->op_count == 2 &&
	       x->operands[0].type == X86_OP_REG &&
	       y->operands[0].type == X86_OP_REG &&
	       x->operands[0].reg == y->operands[0].reg &&
	       x->operands[1].type == X86_OP_IMM &&
	       y->operands[1].type == X86_OP_IMM;
}

static bool same_but_lines(csh h, const unsigned char *pc,
			   const unsigned char *oc, size_t len)
{
	cs_insn *a = cs_malloc(h), *b = cs_malloc(h);
	const uint8_t *pp = pc, *op = oc;
	size_t pl = len, ol = len;
	uint64_t pa = 0, oa = 0;
	bool ok = a && b;

	while (ok && pl && ol) {
		if (!cs_disasm_iter(h, &pp, &pl, &pa, a) ||
		    !cs_disasm_iter(h, &op, &ol, &oa, b)) {
			ok = false;
			break;
		}
		if (a->size != b->size)
			ok = false;
		else if (memcmp(a->bytes, b->bytes, a->size))
			ok = is_mov_imm(h, a, b);
	}
	if (pl != ol)
		ok = false;
	if (a)
		cs_free(a, 1);
	if (b)
		cs_free(b, 1);
	return ok;
}

bool only_line_numbers(struct section *p, unsigned long pstart,
		       struct section *o, unsigned long ostart,
		       unsigned long len)
{
	csh h;

	if (!calls_line_user(p, pstart, len))
		return false;
	h = decoder();
	return h && same_but_lines(h, p->data + pstart, o->data + ostart, len);
}
