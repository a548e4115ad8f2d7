// SPDX-License-Identifier: GPL-2.0
/*
 * Branches the assembler resolved. In a section that holds several
 * functions (.sched.text, .spinlock.text...: a section an attribute names,
 * which -ffunction-sections does not split), a call or jump from one
 * function to another of the same section is resolved by the assembler and
 * carries no relocation. When a function before the target grows, the
 * displacement changes in every caller although each still reaches the
 * same function: those callers are unchanged, and calling them changed
 * would refuse them for a change they do not have.
 */
#include <capstone/capstone.h>
#include <string.h>

#include "branches.h"
#include "decode.h"

/* Whether a relocation covers part of [off, off + size) of s. */
static bool relocated(const struct section *s, unsigned long off,
		      unsigned long size)
{
	size_t i = reloc_index(s, off);

	return i < s->nr_relocs && s->relocs[i].offset < off + size;
}

/* The in-section target of a direct branch with a resolved displacement. */
static bool branch_target(const cs_insn *in, uint64_t *target)
{
	const cs_x86 *x = &in->detail->x86;

	if (!cs_insn_group(decoder(), in, CS_GRP_JUMP) &&
	    !cs_insn_group(decoder(), in, CS_GRP_CALL))
		return false;
	if (x->op_count != 1 || x->operands[0].type != X86_OP_IMM)
		return false;
	*target = (uint64_t)x->operands[0].imm;
	return true;
}

/* Both branches reach the entry of twin functions. */
static bool same_place(struct elf *pe, struct section *p, uint64_t pt,
		       struct elf *oe, struct section *o, uint64_t ot)
{
	struct symbol *ps, *os;

	if (pt >= p->size || ot >= o->size)
		return false;
	ps = symbol_at(pe, p, pt);
	os = symbol_at(oe, o, ot);
	/* Only to a function's entry, where a patched target is redirected. */
	return ps && os && ps->twin == os && is_func(ps) &&
	       pt == ps->sym.st_value && ot == os->sym.st_value;
}

static bool same_insn(struct elf *pe, struct section *p, const cs_insn *a,
		      struct elf *oe, struct section *o, const cs_insn *b)
{
	uint64_t pt, ot;

	if (a->size != b->size)
		return false;
	if (!memcmp(a->bytes, b->bytes, a->size))
		return true;
	if (a->id != b->id || relocated(p, a->address, a->size) ||
	    relocated(o, b->address, b->size))
		return false;
	return branch_target(a, &pt) && branch_target(b, &ot) &&
	       same_place(pe, p, pt, oe, o, ot);
}

bool only_resolved_branches(struct elf *pe, struct section *p,
			    unsigned long pstart, struct elf *oe,
			    struct section *o, unsigned long ostart,
			    unsigned long len)
{
	csh h = decoder();
	cs_insn *a, *b;
	const uint8_t *pc = p->data + pstart, *oc = o->data + ostart;
	size_t pl = len, ol = len;
	uint64_t pa = pstart, oa = ostart;
	bool ok = true;

	if (!h)
		return false;
	a = cs_malloc(h);
	b = cs_malloc(h);
	while (ok && a && b && pl && ol)
		ok = cs_disasm_iter(h, &pc, &pl, &pa, a) &&
		     cs_disasm_iter(h, &oc, &ol, &oa, b) &&
		     same_insn(pe, p, a, oe, o, b);
	ok = ok && a && b && !pl && !ol;
	if (a)
		cs_free(a, 1);
	if (b)
		cs_free(b, 1);
	return ok;
}
