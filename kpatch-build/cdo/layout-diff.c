// SPDX-License-Identifier: GPL-2.0
/*
 * How a struct, union or enum differs between the original and the
 * patched object: its size, each member's offset (in bits for bitfields),
 * type and size, members added and removed, and each enumerator's value.
 * Members of anonymous structs and unions count as the enclosing type's
 * own (C reaches them as its members); those of a named member whose type
 * is an anonymous struct are named "member.inner".
 */
#include <dwarf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "log.h"

#define MAX_DEPTH 32
#define MAX_SHOWN 8	/* differences spelled out; the rest counted */

struct field {
	char name[128];
	char type[128];		/* a member's type name; unused for enumerators */
	int64_t pos;		/* offset in bits, or an enumerator's value */
	Dwarf_Word size;	/* type size in bytes */
	int bits;		/* bitfield width, 0 for a whole member */
};

struct fields {
	struct field *v;
	size_t n, cap;
};

struct diff {
	char *buf;
	size_t len, used;
	int n;
};

static void note(struct diff *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct diff *d, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (d->n++ >= MAX_SHOWN || d->used >= d->len)
		return;
	if (d->used) {
		w = snprintf(d->buf + d->used, d->len - d->used, "; ");
		d->used += w > 0 ? (size_t)w : 0;
	}
	if (d->used >= d->len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(d->buf + d->used, d->len - d->used, fmt, ap);
	va_end(ap);
	d->used += w > 0 ? (size_t)w : 0;
}

/* A readable name of a type: "struct foo *", "unsigned int[4]", "u64". */
static void type_name(Dwarf_Die *t, char *buf, size_t len, int depth)
{
	const char *name = die_name(t);
	char inner[128];
	Dwarf_Die next;
	Dwarf_Word count, elem;
	bool has_next = die_type(t, &next);

	if (len)
		buf[0] = '\0';
	if (depth > MAX_DEPTH)
		return;
	inner[0] = '\0';
	if (has_next)
		type_name(&next, inner, sizeof(inner), depth + 1);
	switch (dwarf_tag(t)) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
		if (!type_key(t, NULL, buf, len))
			snprintf(buf, len, "<anonymous>");
		break;
	case DW_TAG_pointer_type:
		snprintf(buf, len, "%s *", has_next ? inner : "void");
		break;
	case DW_TAG_const_type:
		snprintf(buf, len, "const %s", has_next ? inner : "void");
		break;
	case DW_TAG_volatile_type:
		snprintf(buf, len, "volatile %s", inner);
		break;
	case DW_TAG_array_type:
		/* The element count, from the array's size and its element's. */
		if (!has_next || dwarf_aggregate_size(t, &count) != 0 ||
		    dwarf_aggregate_size(&next, &elem) != 0 || !elem)
			count = elem = 0;
		snprintf(buf, len, "%s[%" PRIu64 "]", inner,
			 elem ? (uint64_t)(count / elem) : 0);
		break;
	case DW_TAG_subroutine_type:
		snprintf(buf, len, "function");
		break;
	default:
		snprintf(buf, len, "%s", name ? name : inner);
	}
}

static struct field *add_field(struct fields *f)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 32;
		f->v = realloc(f->v, f->cap * sizeof(*f->v));
		if (!f->v)
			die(CDO_ERROR, "out of memory");
	}
	memset(&f->v[f->n], 0, sizeof(f->v[0]));
	return &f->v[f->n++];
}

static bool attr_udata(Dwarf_Die *die, unsigned int at, Dwarf_Word *w)
{
	Dwarf_Attribute a;

	return dwarf_attr(die, at, &a) && dwarf_formudata(&a, w) == 0;
}

/* A member's offset in bits from the start of its struct. */
static int64_t member_bits(Dwarf_Die *m, int *width)
{
	Dwarf_Word w, size;
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t nops;
	int64_t bits = 0;

	*width = 0;
	if (attr_udata(m, DW_AT_data_member_location, &w))
		bits = (int64_t)w * 8;
	else if (dwarf_attr(m, DW_AT_data_member_location, &a) &&
		 dwarf_getlocation(&a, &ops, &nops) == 0 && nops == 1 &&
		 ops[0].atom == DW_OP_plus_uconst)
		bits = (int64_t)ops[0].number * 8;
	if (attr_udata(m, DW_AT_bit_size, &w))
		*width = (int)w;
	if (attr_udata(m, DW_AT_data_bit_offset, &w)) {
		bits += (int64_t)w;
	} else if (*width && attr_udata(m, DW_AT_bit_offset, &w)) {
		/* DWARF 2/3: counted from the storage unit's high bit. */
		if (!attr_udata(m, DW_AT_byte_size, &size))
			size = 0;
		bits += (int64_t)size * 8 - (int64_t)w - *width;
	}
	return bits;
}

static void collect_members(Dwarf_Die *agg, const char *prefix, int64_t base,
			    struct fields *out, int depth)
{
	Dwarf_Die m, t, peeled;

	if (depth > MAX_DEPTH || dwarf_child(agg, &m) != 0)
		return;
	do {
		const char *name = die_name(&m);
		struct field *f;
		int width;
		int64_t bits;

		if (dwarf_tag(&m) != DW_TAG_member || !die_type(&m, &t))
			continue;
		bits = base + member_bits(&m, &width);
		peeled = t;
		while ((dwarf_tag(&peeled) == DW_TAG_const_type ||
			dwarf_tag(&peeled) == DW_TAG_volatile_type) &&
		       die_type(&peeled, &peeled))
			;
		if ((dwarf_tag(&peeled) == DW_TAG_structure_type ||
		     dwarf_tag(&peeled) == DW_TAG_union_type) && !die_name(&peeled)) {
			char sub[128];

			snprintf(sub, sizeof(sub), "%s%s%s", prefix, name ? name : "",
				 name ? "." : "");
			collect_members(&peeled, sub, bits, out, depth + 1);
			continue;
		}
		f = add_field(out);
		snprintf(f->name, sizeof(f->name), "%s%s", prefix,
			 name ? name : "<unnamed>");
		type_name(&t, f->type, sizeof(f->type), 0);
		if (dwarf_aggregate_size(&t, &f->size) != 0)
			f->size = 0;
		f->pos = bits;
		f->bits = width;
	} while (dwarf_siblingof(&m, &m) == 0);
}

static void collect_enumerators(Dwarf_Die *e, struct fields *out)
{
	Dwarf_Attribute a;
	Dwarf_Sword v;
	Dwarf_Die c;

	if (dwarf_child(e, &c) != 0)
		return;
	do {
		const char *name = die_name(&c);
		struct field *f;

		if (dwarf_tag(&c) != DW_TAG_enumerator || !name ||
		    !dwarf_attr(&c, DW_AT_const_value, &a) || dwarf_formsdata(&a, &v))
			continue;
		f = add_field(out);
		snprintf(f->name, sizeof(f->name), "%s", name);
		f->pos = v;
	} while (dwarf_siblingof(&c, &c) == 0);
}

static struct field *find_field(struct fields *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].name, name))
			return &f->v[i];
	return NULL;
}

/* "8" for a byte offset, "byte 8 bit 3" for a bitfield inside a byte. */
static const char *at(const struct field *f, char *buf, size_t len)
{
	if (f->pos % 8)
		snprintf(buf, len, "byte %" PRId64 " bit %" PRId64, f->pos / 8, f->pos % 8);
	else
		snprintf(buf, len, "%" PRId64, f->pos / 8);
	return buf;
}

static void diff_member(struct diff *d, struct field *o, struct field *p)
{
	char a[48], b[48];

	if (o->pos != p->pos)
		note(d, "member %s: offset %s -> %s", o->name, at(o, a, sizeof(a)),
		     at(p, b, sizeof(b)));
	if (strcmp(o->type, p->type) || o->size != p->size)
		note(d, "member %s: type %s (%" PRIu64 " bytes) -> %s (%" PRIu64 " bytes)",
		     o->name, o->type, (uint64_t)o->size, p->type, (uint64_t)p->size);
	else if (o->bits != p->bits)
		note(d, "member %s: %d -> %d bits", o->name, o->bits, p->bits);
}

/* What was added or removed first: the cause, before what it moved. */
static void diff_fields(struct diff *d, struct fields *o, struct fields *p,
			bool is_enum)
{
	char a[48];
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (find_field(o, p->v[i].name))
			continue;
		if (is_enum)
			note(d, "%s added (= %" PRId64 ")", p->v[i].name, p->v[i].pos);
		else
			note(d, "member %s added at %s", p->v[i].name,
			     at(&p->v[i], a, sizeof(a)));
	}
	for (i = 0; i < o->n; i++) {
		if (find_field(p, o->v[i].name))
			continue;
		if (is_enum)
			note(d, "%s removed (was %" PRId64 ")", o->v[i].name, o->v[i].pos);
		else
			note(d, "member %s removed (was at %s)", o->v[i].name,
			     at(&o->v[i], a, sizeof(a)));
	}
	for (i = 0; i < o->n; i++) {
		struct field *q = find_field(p, o->v[i].name);

		if (!q)
			continue;
		if (!is_enum)
			diff_member(d, &o->v[i], q);
		else if (q->pos != o->v[i].pos)
			note(d, "%s: %" PRId64 " -> %" PRId64, o->v[i].name,
			     o->v[i].pos, q->pos);
	}
}

int layout_diff(Dwarf_Die *o, Dwarf_Die *p, char *buf, size_t len)
{
	struct fields fo = { 0 }, fp = { 0 };
	struct diff d = { .buf = buf, .len = len };
	bool is_enum = dwarf_tag(o) == DW_TAG_enumeration_type;
	Dwarf_Word so, sp;

	if (len)
		buf[0] = '\0';
	if (!attr_udata(o, DW_AT_byte_size, &so))
		so = 0;
	if (!attr_udata(p, DW_AT_byte_size, &sp))
		sp = 0;
	if (so != sp)
		note(&d, "size %" PRIu64 " -> %" PRIu64, (uint64_t)so, (uint64_t)sp);
	if (is_enum) {
		collect_enumerators(o, &fo);
		collect_enumerators(p, &fp);
	} else {
		collect_members(o, "", 0, &fo, 0);
		collect_members(p, "", 0, &fp, 0);
	}
	diff_fields(&d, &fo, &fp, is_enum);
	if (d.n > MAX_SHOWN && d.used < len)
		snprintf(buf + d.used, len - d.used, "; and %d more", d.n - MAX_SHOWN);
	free(fo.v);
	free(fp.v);
	return d.n;
}
