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

/* "name.123": a number the compiler picked (static locals, clones). */
bool is_numbered(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name || !dot[1])
		return false;
	for (dot++; *dot; dot++)
		if (!isdigit((unsigned char)*dot))
			return false;
	return true;
}

/* Length of name without its compiler-chosen numbers ("a.isra.0" -> "a.isra"). */
size_t base_len(const char *name)
{
	size_t n = strlen(name), end = n;

	while (end > 0 && isdigit((unsigned char)name[end - 1]))
		end--;
	if (end < n && end > 1 && name[end - 1] == '.') {
		n = end - 1;	/* a static local: "__UNIQUE_ID_hits_3.0" too */
		for (end = n; end > 0 && isdigit((unsigned char)name[end - 1]);)
			end--;
	}
	if (!strncmp(name, "__UNIQUE_ID_", 12))
		return end;
	return n;
}

bool same_base(const char *a, const char *b)
{
	size_t n = base_len(a);

	return n == base_len(b) && !strncmp(a, b, n);
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

/* A section named after the one symbol it holds (.bss.count.3, .data.foo). */
bool named_after(const struct section *sec, const char *name)
{
	size_t sl = strlen(sec->name), nl = strlen(name);

	return sl > nl + 1 && sec->name[sl - nl - 1] == '.' &&
	       !strcmp(sec->name + sl - nl, name);
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
