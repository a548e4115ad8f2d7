// SPDX-License-Identifier: GPL-2.0
/*
 * Why a changed function differs, in words for the reviewer's report. The
 * comparison itself (compare.c) stops at the first difference and says
 * only "changed"; this walks both versions again and names what differs:
 * the strings it uses, the functions it calls, what else its relocations
 * point at, and its bytes outside the relocated fields.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "decode.h"
#include "facts.h"
#include "log.h"

struct ref {
	const char *str;	/* a string's contents */
	const char *name;	/* else the symbol or section pointed at */
	bool call, jump;
	unsigned long at;	/* offset in the function */
};

struct refs {
	struct ref *r;
	size_t n;
};

static void collect(struct elf *e, struct symbol *f, struct refs *out)
{
	struct section *s = f->sec;
	unsigned long start = f->sym.st_value, end = start + f->sym.st_size;
	size_t i = reloc_index(s, start);

	out->n = 0;
	out->r = calloc(s->nr_relocs + 1, sizeof(*out->r));
	if (!out->r)
		die(CDO_ERROR, "out of memory");
	for (; i < s->nr_relocs && s->relocs[i].offset < end; i++) {
		struct reloc *r = &s->relocs[i];
		struct section *ts = r->sym->sec;
		struct ref *x = &out->r[out->n++];
		long at = reloc_target_offset(r);
		struct symbol *t;

		if (!strcmp(r->sym->name, "__fentry__") ||
		    !strcmp(r->sym->name, "__x86_return_thunk")) {
			out->n--;	/* in every function */
			continue;
		}
		x->at = r->offset - start;
		x->call = insn_is_call(s, r->offset);
		x->jump = !x->call && insn_is_branch(s, r->offset);
		if (r->sym->type == STT_SECTION && is_string_section(ts) &&
		    ts->data && at >= 0 && (size_t)at < ts->size &&
		    memchr(ts->data + at, 0, ts->size - at)) {
			x->str = (const char *)ts->data + at;
			continue;
		}
		t = reloc_target(e, r);
		x->name = t ? t->name : ts ? ts->name : r->sym->name;
		/* A jump to another function is a call too: a tail call. */
		if (x->jump && t && t != f && t->parent != f)
			x->call = true;
	}
}

static bool same_ref(const struct ref *a, const struct ref *b)
{
	if (a->str || b->str)
		return a->str && b->str && !strcmp(a->str, b->str);
	return a->call == b->call && a->jump == b->jump &&
	       !strcmp(a->name, b->name);
}

/* The first ref of a of kind want (0 string, 1 call, 2 other) not in b. */
static const struct ref *missing(const struct refs *a, const struct refs *b,
				 int want, size_t from, size_t *idx)
{
	size_t i, j;

	for (i = from; i < a->n; i++) {
		const struct ref *x = &a->r[i];
		int kind = x->str ? 0 : x->call ? 1 : 2;

		if (kind != want)
			continue;
		for (j = 0; j < i && !same_ref(x, &a->r[j]); j++)
			;
		if (j < i)
			continue;	/* said for its first use */
		for (j = 0; j < b->n && !same_ref(x, &b->r[j]); j++)
			;
		if (j == b->n) {
			*idx = i;
			return x;
		}
	}
	return NULL;
}

/* Appends a "; "-separated reason. */
static void __attribute__((format(printf, 3, 4)))
add(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 3 >= len)
		return;
	if (n)
		n += (size_t)snprintf(buf + n, len - n, "; ");
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* A string quoted, shortened, its newlines shown as \n. */
static const char *quote(const char *s, char *q, size_t len)
{
	size_t n = 0;

	q[n++] = '"';
	for (; *s && n + 8 < len; s++) {
		if (*s == '\n' || *s == '"' || *s == '\\') {
			q[n++] = '\\';
			q[n++] = *s == '\n' ? 'n' : *s;
		} else {
			q[n++] = *s;
		}
	}
	if (*s) {
		memcpy(q + n, "...", 3);
		n += 3;
	}
	q[n++] = '"';
	q[n] = '\0';
	return q;
}

static const char *what(const struct ref *x)
{
	return x->jump ? "jump to" : x->call ? "call to" : "reference to";
}

/* Strings, callees, other references: old ones paired with new ones. */
static void explain_refs(const struct refs *p, const struct refs *o,
			 char *buf, size_t len)
{
	static const char *const kinds[] = { "strings", "callees", "relocations" };
	char q1[96], q2[96], t1[256], t2[256];
	int k;

	for (k = 0; k < 3; k++) {
		size_t ip = 0, io = 0, steps = 0;
		const struct ref *gone, *came;

		while (steps++ < 4) {	/* enough for a reviewer to look */
			gone = missing(o, p, k, io, &io);
			came = missing(p, o, k, ip, &ip);
			if (!gone && !came)
				break;
			if (gone && came && k == 0) {
				add(buf, len, "strings: %s -> %s",
				    quote(gone->str, q1, sizeof(q1)),
				    quote(came->str, q2, sizeof(q2)));
			} else if (gone && came) {
				snprintf(t1, sizeof(t1), "%s %s", what(gone), gone->name);
				snprintf(t2, sizeof(t2), "%s %s", what(came), came->name);
				add(buf, len, "relocations: %s became %s", t1, t2);
			} else {
				const struct ref *x = came ? came : gone;

				if (k)
					snprintf(t1, sizeof(t1), "%s %s", what(x), x->name);
				else
					quote(x->str, t1, sizeof(t1));
				snprintf(t2, sizeof(t2), "%s: %s", kinds[k],
					 came ? "adds" : "removes");
				add(buf, len, "%s %s", t2, t1);
			}
			io += gone != NULL;
			ip += came != NULL;
		}
	}
}

/* Same references in the same order, at other places or in other order. */
static void explain_moved_refs(const struct refs *p, const struct refs *o,
			       char *buf, size_t len)
{
	char t[64];
	size_t i;

	if (p->n != o->n) {
		snprintf(t, sizeof(t), "%zu relocations (was %zu)", p->n, o->n);
		add(buf, len, "relocations: %s", t);
		return;
	}
	for (i = 0; i < p->n; i++) {
		if (same_ref(&p->r[i], &o->r[i]) && p->r[i].at == o->r[i].at)
			continue;
		snprintf(t, sizeof(t), "+0x%lx", p->r[i].at);
		if (p->r[i].str || o->r[i].str)
			add(buf, len, "relocations: the one at %s differs", t);
		else
			add(buf, len, "relocations: the %s at %s is to %s (was %s)",
			    p->r[i].jump ? "jump" : p->r[i].call ? "call" :
			    "reference", t, p->r[i].name, o->r[i].name);
		return;
	}
}

/* Read-only data the function uses that changed under the same name. */
static void explain_data(const struct refs *p, struct elf *e, char *buf,
			 size_t len)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct symbol *t = p->r[i].name ? find_symbol(e, p->r[i].name) : NULL;

		if (t && t->type == STT_OBJECT && t->status == ST_CHANGED) {
			add(buf, len, "relocations: uses %s, which changed", t->name);
			return;
		}
	}
}

static bool *reloc_fields(struct symbol *f)
{
	bool *m = calloc(f->sym.st_size + 8, sizeof(*m));
	struct reloc *r;
	size_t i, n = symbol_relocs(f, &r), k;

	if (!m)
		die(CDO_ERROR, "out of memory");
	for (i = 0; i < n; i++)
		for (k = 0; k < (r[i].type == R_X86_64_64 ? 8u : 4u); k++)
			if (r[i].offset + k >= f->sym.st_value &&
			    r[i].offset + k - f->sym.st_value < f->sym.st_size)
				m[r[i].offset + k - f->sym.st_value] = true;
	return m;
}

static void explain_bytes(struct symbol *p, struct symbol *o, char *buf,
			  size_t len)
{
	unsigned long n = p->sym.st_size, i, diff = 0, first = 0;
	bool *mp, *mo;
	char t[96];

	if (!p->sec->data || !o->sec->data)
		return;
	if (n != o->sym.st_size) {
		snprintf(t, sizeof(t), "size %lu -> %lu bytes",
			 (unsigned long)o->sym.st_size, n);
		add(buf, len, "bytes: %s", t);
		return;
	}
	mp = reloc_fields(p);
	mo = reloc_fields(o);
	for (i = 0; i < n; i++) {
		if (mp[i] || mo[i] || p->sec->data[p->sym.st_value + i] ==
		    o->sec->data[o->sym.st_value + i])
			continue;
		if (!diff++)
			first = i;
	}
	free(mp);
	free(mo);
	if (!diff)
		return;
	snprintf(t, sizeof(t), "%lu byte%s differ%s at +0x%lx", diff,
		 diff == 1 ? "" : "s", diff == 1 ? "s" : "", first);
	add(buf, len, "bytes: %s", t);
}

void explain_change(struct cdo *c, struct symbol *p, char *buf, size_t len)
{
	struct symbol *o = p->twin;
	struct refs rp, ro;

	buf[0] = '\0';
	if (p->via_callee)
		add(buf, len, "callees: calls %s, which has no fentry call and "
		    "is replaced through its callers", p->via_callee->name);
	if (!o || !o->sec || !p->sec)
		return;
	if (p->moved)
		add(buf, len, "section: moves from %s to %s", o->sec->name,
		    p->sec->name);
	collect(c->patched, p, &rp);
	collect(c->orig, o, &ro);
	explain_refs(&rp, &ro, buf, len);
	if (!buf[0])
		explain_data(&rp, c->patched, buf, len);
	if (!buf[0] && p->sym.st_size == o->sym.st_size)
		explain_moved_refs(&rp, &ro, buf, len);
	explain_bytes(p, o, buf, len);
	if (!buf[0])
		add(buf, len, "bytes: only its section's padding or alignment "
		    "differs");
	free(rp.r);
	free(ro.r);
}
