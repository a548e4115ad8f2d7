// SPDX-License-Identifier: GPL-2.0
/*
 * Names the compiler or a kernel macro made up. GCC numbers static locals
 * and clones ("count.3", "foo.isra.0"), __COUNTER__ numbers __UNIQUE_ID
 * names, and a few macros declare statics whose state a patch does not
 * need to share with the running kernel. The numbers shift whenever
 * unrelated code changes, so none of this may be matched by the number.
 */
#include <ctype.h>
#include <string.h>

#include "cdo.h"

/*
 * The length of the compiler-chosen number starting at name[i], or 0.
 * GCC's numbers are whole dot-separated parts, wherever they are
 * ("count.3", "foo.constprop.18.cold.27", "foo.constprop.0.isra.0");
 * __COUNTER__'s ends the first part of a __UNIQUE_ID name
 * ("__UNIQUE_ID_ddebug12.3").
 */
static size_t number_at(const char *name, size_t i)
{
	size_t n = 0;

	if (i > 0 && isdigit((unsigned char)name[i - 1]))
		return 0;	/* inside a run of digits */
	while (isdigit((unsigned char)name[i + n]))
		n++;
	if (!n || (name[i + n] && name[i + n] != '.'))
		return 0;
	if (i > 0 && name[i - 1] == '.')
		return n;
	if (i > 12 && !strncmp(name, "__UNIQUE_ID_", 12) && !memchr(name, '.', i))
		return n;
	return 0;
}

/* "name.123", "foo.constprop.0.isra.0": GCC numbered it (static locals, clones). */
bool is_numbered(const char *name)
{
	size_t i;

	for (i = 1; name[i]; i++)
		if (name[i - 1] == '.' && number_at(name, i))
			return true;
	return false;
}

/*
 * Length of name before its first compiler-chosen number: "a.isra.0" ->
 * "a.isra", "count.3" -> "count", "__UNIQUE_ID_hits_3.0" ->
 * "__UNIQUE_ID_hits_"; the whole name when it has none.
 */
size_t base_len(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (number_at(name, i))
			return i > 0 && name[i - 1] == '.' ? i - 1 : i;
	return i;
}

/*
 * The same name but for its numbers, each compared the same way: GCC
 * renumbers every part of "foo.constprop.18.cold.27" when unrelated code
 * changes, so "foo.constprop.19.cold.28" is the same name.
 */
bool same_base(const char *a, const char *b)
{
	size_t i = 0, j = 0, na, nb;

	for (;;) {
		na = number_at(a, i);
		nb = number_at(b, j);
		if (na || nb) {
			if (!na || !nb)
				return false;
			i += na;
			j += nb;
			continue;
		}
		if (a[i] != b[j])
			return false;
		if (!a[i])
			return true;
		i++;
		j++;
	}
}

/* A hash of name that same_base() names share (FNV-1a, numbers as '#'). */
unsigned long base_hash(const char *name)
{
	unsigned long h = 14695981039346656037ul;
	size_t i = 0, n;

	while (name[i]) {
		n = number_at(name, i);
		h ^= n ? '#' : (unsigned char)name[i];
		h *= 1099511628211ul;
		i += n ? n : 1;
	}
	return h;
}

/*
 * Statics of kernel macros whose fresh copy in the patch is correct: a lock
 * class key (lockdep sees one more class), a ratelimit state or a
 * WARN_ONCE/printk_once flag (one more message), __func__ and switch
 * tables (constants). DO_ONCE's ___done and ___once_key are not among
 * them: running a once-only initialisation again (net_get_random_once
 * drawing a new hash secret) breaks what the first run set up.
 */
static const char *const fresh_statics[] = {
	"__key", "_rs", "__already_done", "__warned", "__print_once",
	"__func__", "CSWTCH", NULL,
};

bool is_fresh_static(const struct symbol *s)
{
	const char *const *p;
	size_t n = base_len(s->name);

	if (s->type != STT_OBJECT || s->bind != STB_LOCAL)
		return false;
	for (p = fresh_statics; *p; p++)
		if (n == strlen(*p) && !strncmp(s->name, *p, n))
			return true;
	return false;
}

/* Writable data of the object: what holds state across calls. */
bool is_state_data(const struct symbol *s)
{
	return s->type == STT_OBJECT && s->sec && !s->sec->special &&
	       ((s->sec->sh.sh_flags & SHF_WRITE) ||
		s->sec->sh.sh_type == SHT_NOBITS) &&
	       !is_text(s->sec) && !is_fresh_static(s) &&
	       !is_ignored_section(s->sec) && strncmp(s->sec->name, ".kpatch.", 8);
}

/*
 * Where the name of a section named after the one symbol it holds starts
 * (".bss.count.3", ".data.foo"), numbers aside: GCC may keep a merged
 * switch table CSWTCH.5 in .rodata.CSWTCH.1. NULL when it is not.
 */
const char *named_part(const struct section *sec, const char *name)
{
	const char *dot;

	for (dot = strchr(sec->name + 1, '.'); dot; dot = strchr(dot + 1, '.'))
		if (same_base(dot + 1, name))
			return dot;
	return NULL;
}

bool named_after(const struct section *sec, const char *name)
{
	return named_part(sec, name) != NULL;
}

/*
 * Constant data without pointers: .rodata. A .data.rel.ro object holds
 * pointers (an ops table), which the kernel may keep by address, so a
 * changed one is not copied but refused as changed data.
 */
bool is_readonly_data(const struct section *s)
{
	return s && !is_text(s) && !s->special && !is_ignored_section(s) &&
	       !is_string_section(s) && s->sh.sh_type != SHT_NOBITS &&
	       strncmp(s->name, ".kpatch.", 8) && !(s->sh.sh_flags & SHF_WRITE);
}
