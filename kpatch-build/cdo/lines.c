// SPDX-License-Identifier: GPL-2.0
/*
 * Line-number-only changes. Macros such as might_sleep, lockdep checks and
 * subsystem error helpers (ext4_error, ...) pass __LINE__ as an immediate,
 * so editing lines above a function changes its bytes without changing
 * what it does. Capstone decodes both versions; they are the same when
 * every differing instruction is a "mov $imm, %reg" that sets the argument
 * right after __func__ or a source file name of the call it feeds (see
 * carries_line). Any other changed constant, even next to such a call,
 * stays a change.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "lines.h"

struct insn_info {
	unsigned long off, size;
	bool call, jmp, differs;
	/* Registers (reg_index) a mov/lea sets and copies from, or clobbers. */
	int dst, src, clobber;
	long imm_p, imm_o;	/* a differing immediate, patched and original */
};

/*
 * General registers at any width: the System V argument registers first,
 * in order (0 = %rdi), then the others.
 */
static int reg_index(unsigned int reg)
{
	static const unsigned int regs[][2] = {
		{ X86_REG_RDI, X86_REG_EDI }, { X86_REG_RSI, X86_REG_ESI },
		{ X86_REG_RDX, X86_REG_EDX }, { X86_REG_RCX, X86_REG_ECX },
		{ X86_REG_R8, X86_REG_R8D }, { X86_REG_R9, X86_REG_R9D },
		{ X86_REG_RAX, X86_REG_EAX }, { X86_REG_RBX, X86_REG_EBX },
		{ X86_REG_RBP, X86_REG_EBP }, { X86_REG_R10, X86_REG_R10D },
		{ X86_REG_R11, X86_REG_R11D }, { X86_REG_R12, X86_REG_R12D },
		{ X86_REG_R13, X86_REG_R13D }, { X86_REG_R14, X86_REG_R14D },
		{ X86_REG_R15, X86_REG_R15D },
	};
	int i;

	for (i = 0; i < (int)(sizeof(regs) / sizeof(regs[0])); i++)
		if (reg == regs[i][0] || reg == regs[i][1])
			return i;
	return -1;
}

#define NR_REGS 15

static const char *reloc_str(const struct reloc *r)
{
	struct section *t = r->sym->sec;
	long at;

	if (!t || !is_string_section(t) || !t->data)
		return NULL;
	at = reloc_target_offset(r);
	if (at < 0 || (size_t)at >= t->size || !memchr(t->data + at, 0, t->size - at))
		return NULL;
	return (const char *)t->data + at;
}

/*
 * Helpers whose line argument has no __func__ or __FILE__ next to it, with
 * its position (0 = %rdi); GCC clones (.isra.0) count as the helper.
 */
static const struct {
	const char *name;
	int arg;
} line_args[] = {
	{ "__ext4_journal_start", 1 }, { "__ext4_journal_start_sb", 2 },
	{ "__check_block_validity", 1 },	/* its .constprop drops __func__ */
	{ "__might_sleep", 1 }, { "__might_resched", 1 }, { "__might_fault", 1 },
	{ "__cant_sleep", 1 }, { "__cant_migrate", 1 },
	{ "lockdep_rcu_suspicious", 1 },
};

/* The function the call or tail call in ends its window with, if named. */
static const char *callee(struct section *s, const struct insn_info *in)
{
	size_t j;

	for (j = 0; j < s->nr_relocs; j++) {
		const struct reloc *r = &s->relocs[j];

		if (r->offset < in->off || r->offset >= in->off + in->size)
			continue;
		if (r->sym->type != STT_SECTION)
			return r->sym->name;
		return r->sym->sec && r->sym->sec->sym ? r->sym->sec->sym->name : NULL;
	}
	return NULL;
}

static bool is_line_arg(struct section *s, const struct insn_info *call, int k)
{
	const char *name = callee(s, call);
	size_t i, n;

	if (!name)
		return false;
	n = strcspn(name, ".");
	for (i = 0; i < sizeof(line_args) / sizeof(line_args[0]); i++)
		if (strlen(line_args[i].name) == n &&
		    !strncmp(name, line_args[i].name, n) && line_args[i].arg == k)
			return true;
	return false;
}

enum arg_load { ARG_OTHER, ARG_FUNC, ARG_FILE, ARG_STRING };

static bool is_func_name(const struct reloc *r)
{
	struct section *t = r->sym->sec;

	return !strncmp(r->sym->name, "__func__", 8) ||
	       (r->sym->type == STT_SECTION && t && t->sym &&
		!strncmp(t->sym->name, "__func__", 8));
}

static bool is_file_name(const char *str)
{
	size_t len = str ? strlen(str) : 0;

	return len > 2 && str[len - 2] == '.' && (str[len - 1] == 'c' || str[len - 1] == 'h');
}

/* What instruction in loads through a relocation. */
static enum arg_load arg_load(struct section *s, const struct insn_info *in)
{
	size_t j;

	for (j = 0; j < s->nr_relocs; j++) {
		const struct reloc *r = &s->relocs[j];

		if (r->offset < in->off || r->offset >= in->off + in->size)
			continue;
		if (is_func_name(r))
			return ARG_FUNC;
		if (is_file_name(reloc_str(r)))
			return ARG_FILE;
		if (reloc_str(r))
			return ARG_STRING;
	}
	return ARG_OTHER;
}

/*
 * Instruction i carries __LINE__ when it sets argument k of the call that
 * ends its window and argument k-1 of that call is a file name
 * (__might_sleep(__FILE__, __LINE__), ext4's ASSERT printk), or __func__
 * with no format string before it (fn(x, __func__, __LINE__, ...)): in
 * printk("%s %d", __func__, 5) the 5 is a value, not a line.
 */
static bool carries_line(struct section *s, const struct insn_info *in,
			 size_t n, size_t i)
{
	enum arg_load kind[NR_REGS] = { ARG_OTHER };
	size_t lo = i, hi = i, j;
	int k = in[i].dst, a;

	if (k < 1 || k > 5 || in[i].imm_p <= 0 || in[i].imm_o <= 0 ||
	    in[i].imm_p >= 1 << 20 || in[i].imm_o >= 1 << 20)
		return false;
	while (lo > 0 && !in[lo - 1].call)
		lo--;
	while (hi < n - 1 && !in[hi].call)
		hi++;
	if (!in[hi].call)
		return false;
	for (j = i + 1; j < hi; j++)
		if (in[j].dst == k || in[j].clobber == k)
			return false;	/* not what the call gets */
	if (is_line_arg(s, &in[hi], k))
		return true;
	/* What each register holds at the call, following register copies. */
	for (j = lo; j < hi; j++) {
		if (in[j].dst >= 0)
			kind[in[j].dst] = in[j].src >= 0 ? kind[in[j].src] :
					  arg_load(s, &in[j]);
		else if (in[j].clobber >= 0)
			kind[in[j].clobber] = ARG_OTHER;
	}
	for (a = 0; a < k - 1; a++)
		if (kind[a] != ARG_OTHER && kind[k - 1] != ARG_FILE)
			return false;	/* a format first: a value, not a line */
	return kind[k - 1] == ARG_FILE || kind[k - 1] == ARG_FUNC;
}

static bool is_mov_imm(const cs_insn *a, const cs_insn *b)
{
	const cs_x86 *x = &a->detail->x86, *y = &b->detail->x86;

	return a->id == X86_INS_MOV && b->id == X86_INS_MOV &&
	       a->size == b->size && x->op_count == 2 && y->op_count == 2 &&
	       x->operands[0].type == X86_OP_REG &&
	       y->operands[0].type == X86_OP_REG &&
	       x->operands[0].reg == y->operands[0].reg &&
	       x->operands[1].type == X86_OP_IMM &&
	       y->operands[1].type == X86_OP_IMM;
}

static void describe(const cs_insn *a, struct insn_info *in)
{
	const cs_x86 *x = &a->detail->x86;

	in->off = a->address;
	in->size = a->size;
	in->call = a->id == X86_INS_CALL;
	in->jmp = a->id == X86_INS_JMP;
	in->dst = in->src = in->clobber = -1;
	if (!x->op_count || x->operands[0].type != X86_OP_REG)
		return;
	if ((a->id == X86_INS_MOV || a->id == X86_INS_LEA ||
	     a->id == X86_INS_MOVABS) && x->op_count == 2) {
		in->dst = reg_index(x->operands[0].reg);
		if (a->id == X86_INS_MOV && x->operands[1].type == X86_OP_REG)
			in->src = reg_index(x->operands[1].reg);
	} else if (a->id != X86_INS_PUSH && a->id != X86_INS_CMP &&
		   a->id != X86_INS_TEST) {
		in->clobber = reg_index(x->operands[0].reg);
	}
}

/* Decode both in step; differing instructions must be mov $imm. */
static struct insn_info *walk(csh h, const unsigned char *pc,
			      const unsigned char *oc, size_t len,
			      unsigned long start, size_t *count)
{
	cs_insn *a = cs_malloc(h), *b = cs_malloc(h);
	const uint8_t *pp = pc, *op = oc;
	size_t pl = len, ol = len, n = 0;
	uint64_t pa = start, oa = start;
	struct insn_info *in = calloc(len + 1, sizeof(*in));
	bool ok = a && b && in;

	while (ok && pl && ol) {
		if (!cs_disasm_iter(h, &pp, &pl, &pa, a) ||
		    !cs_disasm_iter(h, &op, &ol, &oa, b) || a->size != b->size) {
			ok = false;
			break;
		}
		describe(a, &in[n]);
		if (memcmp(a->bytes, b->bytes, a->size)) {
			in[n].differs = true;
			ok = is_mov_imm(a, b);
			if (ok) {
				in[n].imm_p = (long)a->detail->x86.operands[1].imm;
				in[n].imm_o = (long)b->detail->x86.operands[1].imm;
			}
		}
		n++;
	}
	if (a)
		cs_free(a, 1);
	if (b)
		cs_free(b, 1);
	if (!ok || pl != ol) {
		free(in);
		return NULL;
	}
	*count = n;
	return in;
}

bool only_line_numbers(struct section *p, unsigned long pstart,
		       struct section *o, unsigned long ostart,
		       unsigned long len)
{
	csh h = decoder();
	struct insn_info *in;
	size_t n = 0, i;
	bool ok = true;

	if (!h)
		return false;
	in = walk(h, p->data + pstart, o->data + ostart, len, pstart, &n);
	if (!in)
		return false;
	/* A jump to another function (a tail call) ends a call too. */
	for (i = 0; i < n; i++)
		if (in[i].jmp && callee(p, &in[i]))
			in[i].call = true;
	for (i = 0; ok && i < n; i++)
		if (in[i].differs)
			ok = carries_line(p, in, n, i);
	free(in);
	return ok;
}
