// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction boundaries, from Capstone. A PC-relative reference is
 * relative to the end of its instruction, and an immediate may follow the
 * 4-byte field ("cmpb $0, var(%rip)"), so the target of such a reference
 * is only known once the instruction is decoded. Each text section is
 * decoded once, on first need, into a sorted array of instruction ends.
 */
#include <capstone/capstone.h>
#include <stdlib.h>

#include "decode.h"

csh decoder(void)
{
	static csh h;
	static int state;	/* 0 untried, 1 ready, -1 unavailable */

	if (!state) {
		state = -1;
		if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) == CS_ERR_OK &&
		    cs_option(h, CS_OPT_DETAIL, CS_OPT_ON) == CS_ERR_OK)
			state = 1;
	}
	return state == 1 ? h : 0;
}

static int decode_section(struct section *s)
{
	csh h = decoder();
	cs_insn *insn;
	const uint8_t *code = s->data;
	size_t left = s->size, cap = s->size / 3 + 16;
	uint64_t addr = 0;

	s->insn_ends = malloc(cap * sizeof(*s->insn_ends));
	if (!h || !s->insn_ends || !(insn = cs_malloc(h)))
		return -1;
	while (left) {
		if (!cs_disasm_iter(h, &code, &left, &addr, insn)) {
			/* Undecodable byte (data in text): step over it. */
			code++;
			left--;
			addr++;
		}
		if (s->nr_insns == cap) {
			unsigned int *n = realloc(s->insn_ends, 2 * cap * sizeof(*n));

			if (!n)
				break;
			s->insn_ends = n;
			cap *= 2;
		}
		s->insn_ends[s->nr_insns++] = (unsigned int)addr;
	}
	cs_free(insn, 1);
	return 0;
}

/* The index of the instruction covering off in text s, or -1. */
static long insn_index(struct section *s, unsigned long off)
{
	size_t lo = 0, hi;

	if (!s->insn_ends && (!s->data || decode_section(s)))
		return -1;
	hi = s->nr_insns;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->insn_ends[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nr_insns ? (long)lo : -1;
}

long insn_end(struct section *s, unsigned long off)
{
	long i = insn_index(s, off);

	return i < 0 ? -1 : (long)s->insn_ends[i];
}

/*
 * The direct branch whose rel32 operand is at off of text s: 0xe8 (call),
 * 0xe9 (jmp), 0x80 (any jcc), or 0 when there is none there.
 */
static int branch_at(struct section *s, unsigned long off)
{
	long i = insn_index(s, off);
	unsigned long start;
	const unsigned char *b;

	if (i < 0)
		return 0;
	start = i ? s->insn_ends[i - 1] : 0;
	b = s->data + start;
	while (start < off && (*b == 0x2e || *b == 0x3e)) {	/* cs, notrack */
		b++;
		start++;
	}
	if (off == start + 1 && (b[0] == 0xe8 || b[0] == 0xe9))
		return b[0];
	if (off == start + 2 && b[0] == 0x0f && (b[1] & 0xf0) == 0x80)
		return 0x80;
	return 0;
}

bool insn_is_branch(struct section *s, unsigned long off)
{
	return branch_at(s, off) != 0;
}

bool insn_is_call(struct section *s, unsigned long off)
{
	return branch_at(s, off) == 0xe8;
}

size_t decode_symbol(const struct symbol *f, cs_insn **out)
{
	csh h = decoder();
	size_t n;

	*out = NULL;
	if (!h || !f->sec || !f->sec->data || !is_text(f->sec) ||
	    f->sym.st_value + f->sym.st_size > f->sec->size)
		return 0;
	n = cs_disasm(h, f->sec->data + f->sym.st_value, f->sym.st_size,
		      f->sym.st_value, 0, out);
	return n;
}
