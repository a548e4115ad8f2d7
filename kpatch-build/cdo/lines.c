// SPDX-License-Identifier: GPL-2.0
/*
 * Line-number-only changes. Macros such as might_sleep, lockdep checks and
 * subsystem error helpers (ext4_error, ...) pass __LINE__ as an immediate,
 * so editing lines above a function changes its bytes without changing
 * what it does. Capstone decodes both versions; they are the same when
 * every differing instruction is a "mov $imm, %reg" into the same register
 * within a call that also gets __func__, a source file name, or goes to a
 * helper known to take a line. A changed constant passed to any other call
 * stays a change.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "lines.h"

/* Helpers known to take (file, line): __FILE__ is not always nearby. */
static const char *const line_users[] = {
	"__might_sleep", "__might_resched", "__might_fault", "__cant_sleep",
	"__cant_migrate", "lockdep_rcu_suspicious", "__ubsan_handle_", NULL,
};

struct insn_info {
	unsigned long off;
	bool call, differs;
};

static bool is_line_user(const char *name)
{
	const char *const *u;

	for (u = line_users; *u; u++)
		if (!strncmp(name, *u, strlen(*u)))
			return true;
	return false;
}

/* __func__, or a string naming a source file: what __LINE__ travels with. */
static bool is_line_companion(const struct reloc *r)
{
	struct section *t = r->sym->sec;
	long at;
	size_t len;
	const char *str;

	if (!strncmp(r->sym->name, "__func__", 8) || is_line_user(r->sym->name))
		return true;
	if (r->sym->type == STT_SECTION && t && t->sym &&
	    !strncmp(t->sym->name, "__func__", 8))
		return true;
	if (!t || !is_string_section(t) || !t->data)
		return false;
	at = reloc_target_offset(r);
	if (at < 0 || (size_t)at >= t->size || !memchr(t->data + at, 0, t->size - at))
		return false;
	str = (const char *)t->data + at;
	len = strlen(str);
	return len > 2 && str[len - 2] == '.' && (str[len - 1] == 'c' || str[len - 1] == 'h');
}

/* Is there a line companion between the calls around instruction i? */
static bool in_line_call(struct section *s, const struct insn_info *in,
			 size_t n, size_t i)
{
	size_t lo = i, hi = i, j;

	while (lo > 0 && !in[lo - 1].call)
		lo--;
	while (hi < n - 1 && !in[hi].call)
		hi++;
	for (j = 0; j < s->nr_relocs; j++) {
		const struct reloc *r = &s->relocs[j];

		if (r->offset >= in[lo].off && r->offset < in[hi].off + 16 &&
		    is_line_companion(r))
			return true;
	}
	return false;
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
		in[n].off = a->address;
		in[n].call = a->id == X86_INS_CALL;
		if (memcmp(a->bytes, b->bytes, a->size)) {
			in[n].differs = true;
			ok = is_mov_imm(a, b);
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
	for (i = 0; ok && i < n; i++)
		if (in[i].differs)
			ok = in_line_call(p, in, n, i);
	free(in);
	return ok;
}
