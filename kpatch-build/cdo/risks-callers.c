// SPDX-License-Identifier: GPL-2.0
/*
 * Risks from how a changed function is reached, seen from the object's
 * own code only (a caller in another object is invisible here):
 *  - irq: the function, or a function of this object calling it directly,
 *    is named like interrupt code (*_irq, *_interrupt, *_nmi, *_isr,
 *    *irq_handler*) or sits in an interrupt entry or noinstr section; a
 *    direct caller is notrace (no fentry call in an object that has them:
 *    such code often runs where tracing is unsafe, NMI and entry paths),
 *    unless it is a syscall body (__do_sys_*, __se_sys_*: SYSCALL_DEFINE
 *    declares them inline, which the kernel makes notrace) or DWARF says
 *    it is declared inline (GCC says so only when it inlined it somewhere);
 *    or a function of the object takes its address and calls a function
 *    that registers interrupt, NMI, tasklet or timer handlers. One level
 *    of callers only.
 *  - tailcall: a jump, not a call, to the function from another function
 *    of the object (no caller frame is left on the stack), or a jump from
 *    the function to another function.
 */
#include <stdio.h>
#include <string.h>

#include "cdo.h"
#include "decode.h"
#include "facts.h"
#include "log.h"

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && !strcmp(s + n - k, tail);
}

static bool irq_named(const char *name)
{
	return ends_with(name, "_irq") || ends_with(name, "_interrupt") ||
	       ends_with(name, "_nmi") || ends_with(name, "_isr") ||
	       strstr(name, "irq_handler") || !strncmp(name, "nmi_", 4);
}

/* Process context for sure, though notrace: inline syscall bodies. */
static bool syscall_body(const char *name)
{
	return strstr(name, "_sys_") && (!strncmp(name, "__do_", 5) ||
	       !strncmp(name, "__se_", 5) || !strncmp(name, "__do_compat_", 12));
}

static bool irq_section(const struct section *s)
{
	return strstr(s->name, ".irqentry.text") || strstr(s->name, ".noinstr.text") ||
	       strstr(s->name, ".entry.text") || strstr(s->name, ".softirqentry.text");
}

/* Functions whose argument is a handler run in interrupt context. */
static bool registers_handler(const char *name)
{
	static const char *const regs[] = {
		"request_threaded_irq", "request_any_context_irq",
		"devm_request_threaded_irq", "devm_request_any_context_irq",
		"request_nmi", "__request_percpu_irq", "request_percpu_nmi",
		"__register_nmi_handler", "tasklet_init", "tasklet_setup",
		"init_timer_key", "hrtimer_init", NULL,
	};
	size_t i;

	for (i = 0; regs[i]; i++)
		if (!strcmp(name, regs[i]))
			return true;
	return false;
}

/* The function holding offset off of text section s, its parent if .cold. */
static struct symbol *user_at(struct elf *e, struct section *s,
			      unsigned long off)
{
	struct symbol *u = s->sym ? s->sym : symbol_at(e, s, off);

	if (u && u->parent)
		u = u->parent;
	return u && is_func(u) ? u : NULL;
}

static bool calls_registrar(struct elf *e, struct symbol *u, const char **what)
{
	struct reloc *r;
	size_t i, n = symbol_relocs(u, &r);

	for (i = 0; i < n; i++) {
		struct symbol *t = reloc_target(e, &r[i]);

		if (t && insn_is_branch(u->sec, r[i].offset) &&	/* or tail call */
		    registers_handler(t->name)) {
			*what = t->name;
			return true;
		}
	}
	return false;
}

/* What one use of p by function u says about p's context, once each. */
static void irq_use(struct cdo *c, struct dwarf_info *d, struct symbol *p,
		    struct symbol *u, bool call, bool *said)
{
	const char *reg;

	if (*said || u == p)
		return;
	if (call && (irq_named(u->name) || irq_section(u->sec))) {
		report_fact("risk", p->name, "irq: %s is called from %s, which "
			    "is interrupt code by its name or section", p->name,
			    u->name);
		*said = true;
	} else if (call && !u->has_fentry && object_has_fentry(c->patched) &&
		   !syscall_body(u->name) && !declared_inline(d, u)) {
		report_fact("risk", p->name, "irq: %s is called from %s, which "
			    "is notrace (notrace code often runs in NMI or entry "
			    "context)", p->name, u->name);
		*said = true;
	} else if (!call && calls_registrar(c->patched, u, &reg)) {
		report_fact("risk", p->name, "irq: %s may be an interrupt-time "
			    "handler: %s takes its address and calls %s", p->name,
			    u->name, reg);
		*said = true;
	}
}

/* Every use of p by the object's code: irq callers, tail jumps to p. */
static void scan_uses(struct cdo *c, struct dwarf_info *d, struct symbol *p)
{
	struct elf *e = c->patched;
	bool irq_said = false;
	size_t i, j, jumps = 0;

	if (irq_named(p->name) || irq_section(p->sec)) {
		report_fact("risk", p->name, "irq: %s is interrupt code by its "
			    "name or section", p->name);
		irq_said = true;
	}
	for (i = 1; i < e->nr_secs; i++) {
		struct section *s = &e->secs[i];

		if (!is_text(s))
			continue;
		for (j = 0; j < s->nr_relocs; j++) {
			struct reloc *r = &s->relocs[j];
			struct symbol *u;
			bool call;

			if (reloc_target(e, r) != p || !(u = user_at(e, s, r->offset)))
				continue;
			call = insn_is_call(s, r->offset);
			irq_use(c, d, p, u, call, &irq_said);
			if (!call && u != p && insn_is_branch(s, r->offset) &&
			    jumps++ < 3)
				report_fact("risk", p->name, "tailcall: %s is "
					    "reached by a tail call from %s",
					    p->name, u->name);
		}
	}
}

/* Jumps from p to other functions: tail calls p makes. */
static void tail_calls_out(struct cdo *c, struct symbol *p)
{
	struct symbol *last = NULL;
	struct reloc *r;
	size_t i, n = symbol_relocs(p, &r);

	for (i = 0; i < n; i++) {
		struct symbol *t = reloc_target(c->patched, &r[i]);

		if (!t || t == p || t == last || (t->parent == p) ||
		    !insn_is_branch(p->sec, r[i].offset) ||
		    insn_is_call(p->sec, r[i].offset) ||
		    !strcmp(t->name, "__x86_return_thunk"))
			continue;
		last = t;
		if (!strncmp(t->name, "__x86_indirect_thunk_", 21))
			report_fact("risk", p->name, "tailcall: %s ends in a "
				    "tail call through a function pointer (%s)",
				    p->name, t->name);
		else
			report_fact("risk", p->name, "tailcall: %s ends in a "
				    "tail call to %s", p->name, t->name);
	}
}

void report_risks(struct cdo *c, struct dwarf_info *d, struct symbol *p)
{
	if (!p->twin || !p->twin->sec || !is_text(p->sec))
		return;
	lock_risks(c, p);
	return_risks(c, p);
	scan_uses(c, d, p);
	tail_calls_out(c, p);
}
