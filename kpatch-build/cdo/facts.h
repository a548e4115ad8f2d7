/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Facts for the reviewer's report (report_fact(), log.h; the kinds are
 * listed in kpatch-build/report-facts.md). Each pass runs only when
 * KPATCH_REPORT_FACTS is set, after the differ has decided everything, so
 * it reads the decisions and never changes them.
 */
#ifndef CDO_FACTS_H
#define CDO_FACTS_H

#include "cdo.h"

struct dwarf_info;

/* facts.c: every fact of the object, risks included (main.c). */
void report_facts(struct cdo *c);
/* facts.c: a refusal; the item is the first name in msg the object knows. */
void fact_refused(struct cdo *c, const char *msg);

/* explain.c: why changed function p differs from its twin, "; "-joined. */
void explain_change(struct cdo *c, struct symbol *p, char *buf, size_t len);

/* risks-callers.c: what a differ cannot prove safe about changed p. */
void report_risks(struct cdo *c, struct dwarf_info *d, struct symbol *p);
/* risks.c: locks and returned constants of p against its twin. */
void lock_risks(struct cdo *c, struct symbol *p);
void return_risks(struct cdo *c, struct symbol *p);
/* risks.c: shadow variable ids used by included function f of e. */
void report_shadow_ids(struct elf *e, struct symbol *f);

/* dwarf-lines.c: source lines of patched functions, inline-only changes. */
struct dwarf_info *dwarf_open(const char *path);
void dwarf_close(struct dwarf_info *d);
void report_lines(struct dwarf_info *d, struct symbol *f);
/* Whether f is declared inline (and so notrace in the kernel), by DWARF. */
bool declared_inline(struct dwarf_info *d, const struct symbol *f);
/*
 * Whether every byte in which p differs from its twin lies in code
 * inlined from one function (returned), when the two are equally long.
 */
const char *inlined_change(struct dwarf_info *d, struct symbol *p);

#endif
