// SPDX-License-Identifier: GPL-2.0
/*
 * Risks a differ cannot prove, listed for the reviewer (never refused).
 * Each is a heuristic over the object alone, stated in README.md:
 *  - lock: calls to locking functions (by name) added, removed or counted
 *    differently, and two locks taken in another order (by code offset,
 *    not by control flow);
 *  - return: immediates moved into %eax/%rax that reach a return (ret,
 *    the return thunk, or a jump inside the function) before any call or
 *    other write to %eax, compared as sets between the two versions;
 * (irq and tailcall: risks-callers.c.) Shadow variable ids: the constant loaded into the id argument before a
 * call to the shadow API, by straight-line decoding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "decode.h"
#include "facts.h"
#include "log.h"

#define MAX_NAMES 256

/*
 * The names of what f calls directly, in code order, and for each the
 * variable the code since the previous call last referred to: a lock's
 * address loaded as the argument, when the lock is a variable.
 */
static size_t callees(struct symbol *f, struct elf *e, const char **names,
		      const char **args)
{
	struct reloc *r;
	const char *arg = "";
	size_t i, n = symbol_relocs(f, &r), k = 0;

	for (i = 0; i < n && k < MAX_NAMES; i++) {
		struct symbol *t = reloc_target(e, &r[i]);

		if (!t)
			continue;
		if (insn_is_call(f->sec, r[i].offset) ||
		    (insn_is_branch(f->sec, r[i].offset) && t != f &&
		     t->parent != f && strcmp(t->name, "__x86_return_thunk"))) {
			args[k] = arg;
			names[k++] = t->name;
			arg = "";
		} else if (t->type == STT_OBJECT) {
			arg = t->name;
		}
	}
	return k;
}

static size_t count(const char **names, size_t n, const char *name)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += !strcmp(names[i], name);
	return k;
}

/* "lock" as a word part (not block, clock), or a semaphore's down/up. */
static bool is_lock_func(const char *name)
{
	const char *p;

	for (p = strstr(name, "lock"); p; p = strstr(p + 1, "lock"))
		if (p == name || (p[-1] != 'b' && p[-1] != 'c'))
			return true;
	return !strncmp(name, "down", 4) || !strncmp(name, "up_", 3) ||
	       !strcmp(name, "up") || strstr(name, "mutex");
}

static bool is_acquire(const char *name)
{
	return is_lock_func(name) && !strstr(name, "unlock") &&
	       strncmp(name, "up", 2) && !strstr(name, "init");
}

struct calls {
	const char *name[MAX_NAMES], *arg[MAX_NAMES];
	size_t n;
};

/* The first call of c to name with argument arg, or c->n. */
static size_t find_call(const struct calls *c, const char *name,
			const char *arg)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name) && !strcmp(c->arg[i], arg))
			return i;
	return c->n;
}

/* Two acquisitions (function and lock variable) now in the other order. */
static void lock_order(struct symbol *p, const struct calls *cp,
		       const struct calls *co)
{
	size_t a, b;

	for (a = 0; a < cp->n; a++) {
		for (b = a + 1; b < cp->n; b++) {
			size_t fa, fb;

			if (!is_acquire(cp->name[a]) || !is_acquire(cp->name[b]) ||
			    (!strcmp(cp->name[a], cp->name[b]) &&
			     !strcmp(cp->arg[a], cp->arg[b])))
				continue;
			fa = find_call(co, cp->name[a], cp->arg[a]);
			fb = find_call(co, cp->name[b], cp->arg[b]);
			if (fa == co->n || fb == co->n || fb > fa)
				continue;
			report_fact("risk", p->name, "lock order: %s(%s) is now "
				    "called before %s(%s) (was after)",
				    cp->name[a], cp->arg[a], cp->name[b], cp->arg[b]);
			return;
		}
	}
}

void lock_risks(struct cdo *c, struct symbol *p)
{
	static struct calls callp, callo;
	const char **np = callp.name, **no = callo.name;
	size_t n_p, n_o, i, cp, co;

	n_p = callp.n = callees(p, c->patched, callp.name, callp.arg);
	n_o = callo.n = callees(p->twin, c->orig, callo.name, callo.arg);

	for (i = 0; i < n_p; i++) {
		if (!is_lock_func(np[i]) || count(np, i, np[i]))
			continue;	/* not a lock, or seen */
		cp = count(np, n_p, np[i]);
		co = count(no, n_o, np[i]);
		if (!co)
			report_fact("risk", p->name, "lock: adds call to %s "
				    "(was not called)", np[i]);
		else if (cp != co)
			report_fact("risk", p->name, "lock: calls %s %zu times "
				    "(was %zu)", np[i], cp, co);
	}
	for (i = 0; i < n_o; i++)
		if (is_lock_func(no[i]) && !count(no, i, no[i]) &&
		    !count(np, n_p, no[i]))
			report_fact("risk", p->name, "lock: removes call to %s",
				    no[i]);
	lock_order(p, &callp, &callo);
}

/* The symbol the rel32 of a direct call or jump insn points at. */
static struct symbol *branch_target(struct elf *e, struct symbol *f,
				    const cs_insn *in)
{
	struct reloc *r;

	if (in->size < 5)
		return NULL;
	r = reloc_find(f->sec, in->address + in->size - 4);
	return r ? reloc_target(e, r) : NULL;
}

static bool writes_reg(csh h, const cs_insn *in, const x86_reg *fam)
{
	cs_regs rd, wr;
	uint8_t nrd, nwr, i, k;

	if (cs_regs_access(h, in, rd, &nrd, wr, &nwr) != CS_ERR_OK)
		return true;
	for (i = 0; i < nwr; i++)
		for (k = 0; k < 4; k++)
			if (wr[i] == fam[k])
				return true;
	return false;
}

/* The constant in* sets a register of fam to (mov $imm, xor self). */
static bool sets_const(const cs_insn *in, const x86_reg *fam, long *v)
{
	const cs_x86 *x = &in->detail->x86;
	int k;

	if (x->op_count != 2 || x->operands[0].type != X86_OP_REG)
		return false;
	for (k = 0; k < 4 && x->operands[0].reg != fam[k]; k++)
		;
	if (k == 4)
		return false;
	if (in->id == X86_INS_MOV && x->operands[1].type == X86_OP_IMM) {
		*v = x->operands[0].size == 4 ? (long)(int)x->operands[1].imm :
		     (long)x->operands[1].imm;
		return true;
	}
	if (in->id == X86_INS_XOR && x->operands[1].type == X86_OP_REG &&
	    x->operands[1].reg == x->operands[0].reg) {
		*v = 0;
		return true;
	}
	return false;
}

static const x86_reg RAX[4] = { X86_REG_RAX, X86_REG_EAX, X86_REG_AX, X86_REG_AL };
static const x86_reg RSI[4] = { X86_REG_RSI, X86_REG_ESI, X86_REG_SI, X86_REG_SIL };
static const x86_reg RDI[4] = { X86_REG_RDI, X86_REG_EDI, X86_REG_DI, X86_REG_DIL };

/* Whether the value in %eax after insn i reaches a return of f. */
static bool reaches_return(struct elf *e, struct symbol *f, cs_insn *in,
			   size_t i, size_t n)
{
	csh h = decoder();
	struct symbol *t;

	for (i++; i < n; i++) {
		if (in[i].id == X86_INS_RET)
			return true;
		if (in[i].id == X86_INS_CALL || writes_reg(h, &in[i], RAX))
			return false;
		if (in[i].id != X86_INS_JMP)
			continue;	/* a conditional jump: follow the fall-through */
		t = branch_target(e, f, &in[i]);
		return !t || t == f || !strcmp(t->name, "__x86_return_thunk");
	}
	return false;
}

static size_t return_values(struct elf *e, struct symbol *f, long *vals,
			    size_t max)
{
	cs_insn *in;
	size_t n = decode_symbol(f, &in), i, k = 0;
	long v;

	for (i = 0; i < n && k < max; i++)
		if (sets_const(&in[i], RAX, &v) && reaches_return(e, f, in, i, n))
			vals[k++] = v;
	if (n)
		cs_free(in, n);
	return k;
}

static const char *errno_name(long v)
{
	static const char *const names[] = {
		NULL, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO",
		"E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM",
		"EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
		"ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE",
		"ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
		"EMLINK", "EPIPE", "EDOM", "ERANGE",
	};

	if (v < 0 && -v < (long)(sizeof(names) / sizeof(names[0])))
		return names[-v];
	return v == -95 ? "EOPNOTSUPP" : v == -110 ? "ETIMEDOUT" :
	       v == -524 ? "ENOTSUPP" : NULL;
}

static bool has_value(const long *vals, size_t n, long v)
{
	while (n--)
		if (vals[n] == v)
			return true;
	return false;
}

void return_risks(struct cdo *c, struct symbol *p)
{
	long vp[64], vo[64];
	size_t n_p = return_values(c->patched, p, vp, 64);
	size_t n_o = return_values(c->orig, p->twin, vo, 64), i;
	const char *en;

	for (i = 0; i < n_p; i++) {
		if (has_value(vo, n_o, vp[i]) || has_value(vp, i, vp[i]))
			continue;
		en = errno_name(vp[i]);
		report_fact("risk", p->name, "return: may now return %ld%s%s%s "
			    "(a constant moved into %%eax before a return; the "
			    "original returns no such constant)", vp[i],
			    en ? " (-" : "", en ? en : "", en ? ")" : "");
	}
	for (i = 0; i < n_o; i++) {
		if (has_value(vp, n_p, vo[i]) || has_value(vo, i, vo[i]))
			continue;
		en = errno_name(vo[i]);
		report_fact("risk", p->name, "return: no longer returns the "
			    "constant %ld%s%s%s", vo[i], en ? " (-" : "",
			    en ? en : "", en ? ")" : "");
	}
}

void report_shadow_ids(struct elf *e, struct symbol *f)
{
	cs_insn *in;
	size_t n = decode_symbol(f, &in), i;
	long rsi = 0, rdi = 0;
	bool ksi = false, kdi = false;
	csh h = decoder();

	for (i = 0; i < n; i++) {
		struct symbol *t;
		char id[32];
		bool all, known;

		if (in[i].id != X86_INS_CALL && in[i].id != X86_INS_JMP) {
			if (writes_reg(h, &in[i], RSI))
				ksi = sets_const(&in[i], RSI, &rsi);
			if (writes_reg(h, &in[i], RDI))
				kdi = sets_const(&in[i], RDI, &rdi);
			continue;
		}
		t = branch_target(e, f, &in[i]);
		if (t && (!strncmp(t->name, "klp_shadow_", 11) ||
			  !strncmp(t->name, "kpatch_shadow_", 14))) {
			all = strstr(t->name, "free_all") != NULL;
			known = all ? kdi : ksi;
			snprintf(id, sizeof(id), "%ld", all ? rdi : rsi);
			report_fact("shadow", known ? id : "?", "%sused by %s (%s)",
				    known ? "" : "non-constant id, ", f->name,
				    t->name);
		}
		ksi = kdi = false;	/* a call clobbers both; a jump leaves */
	}
	if (n)
		cs_free(in, n);
}
