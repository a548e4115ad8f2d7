// SPDX-License-Identifier: GPL-2.0
/*
 * Facts about one object that later passes rely on: which section holds a
 * single function or object alone ("bundled", as -ffunction-sections and
 * -fdata-sections produce), which functions are GCC's split-off children
 * (foo.cold), which functions start with an ftrace call, and which names
 * carry a compiler-chosen number.
 */
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "log.h"

static const char *const init_prefixes[] = {
	".init.", ".exit.", ".meminit.", ".head.text", NULL,
};

bool is_init_section(const struct section *s)
{
	const char *const *p;

	for (p = init_prefixes; *p; p++)
		if (!strncmp(s->name, *p, strlen(*p)))
			return true;
	return false;
}

/* Code and data used only while booting: gone when a patch loads. */
bool is_boot_only(const struct section *s)
{
	return !strncmp(s->name, ".init.", 6) || !strncmp(s->name, ".head.text", 10);
}

/* Sections that never matter to a live patch. */
bool is_ignored_section(const struct section *s)
{
	static const char *const prefixes[] = {
		".debug_", ".note", ".comment", ".discard", ".rela.debug",
		".kpatch.ignore", ".kpatch.force", ".llvm_addrsig",
		".BTF", ".eh_frame", ".rela.eh_frame", ".gnu.build.attributes",
		"__ksymtab", "___ksymtab", "__kcrctab", "___kcrctab", ".export_symbol", NULL,
	};
	const char *const *p;

	if (s->ignore || s->sh.sh_type == SHT_GROUP ||
	    s->sh.sh_type == SHT_SYMTAB || s->sh.sh_type == SHT_STRTAB ||
	    s->sh.sh_type == SHT_SYMTAB_SHNDX)
		return true;
	for (p = prefixes; *p; p++)
		if (!strncmp(s->name, *p, strlen(*p)))
			return true;
	return false;
}

static bool is_prefix_sym(const struct symbol *s)
{
	return !strncmp(s->name, "__pfx_", 6);
}

static bool is_alias(const struct symbol *a, const struct symbol *b)
{
	return a->sym.st_value == b->sym.st_value &&
	       a->sym.st_size == b->sym.st_size && a->type == b->type;
}

/*
 * A section holding one function or object (plus its __pfx_ padding and
 * aliases such as init_module). Of aliases, the one the section is named
 * after stands for the section.
 */
static void bundle(struct section *sec)
{
	struct symbol *only = NULL;
	size_t i;

	for (i = 0; i < sec->nr_symbols; i++) {
		struct symbol *s = sec->symbols[i];
		const char *dot;

		if (is_prefix_sym(s))
			continue;
		if (!only) {
			only = s;
			continue;
		}
		if (!is_alias(only, s))
			return;
		dot = strrchr(sec->name, '.');
		if (dot && !strcmp(dot + 1, s->name))
			only = s;
	}
	/*
	 * Data sections shared by name (.data..read_mostly, .data.once) may
	 * hold one variable in one build and two in the next: only a section
	 * named after its variable is that variable's.
	 */
	if (only && !is_text(sec) && !named_after(sec, only->name))
		only = NULL;
	sec->sym = only;
}

static bool calls_fentry(struct section *sec, struct symbol *f)
{
	size_t i;

	for (i = 0; i < sec->nr_relocs; i++) {
		struct reloc *r = &sec->relocs[i];

		if (r->offset < f->sym.st_value)
			continue;
		if (r->offset > f->sym.st_value + 16)
			break;
		if (!strcmp(r->sym->name, "__fentry__"))
			return true;
	}
	return false;
}

/* foo.cold, foo.part.0.cold, foo.cold.3: run only as part of foo. */
static void find_parent(struct elf *e, struct symbol *s)
{
	const char *cold = strstr(s->name, ".cold");
	char name[512];
	size_t n;

	if (!cold || s->has_fentry)
		return;
	n = (size_t)(cold - s->name);
	if (n == 0 || n >= sizeof(name))
		return;
	memcpy(name, s->name, n);
	name[n] = '\0';
	s->parent = find_symbol(e, name);
	if (s->parent && !is_func(s->parent))
		s->parent = NULL;
}

int classify(struct elf *e)
{
	size_t i;

	for (i = 1; i < e->nr_secs; i++)
		bundle(&e->secs[i]);
	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (is_func(s) && is_text(s->sec))
			s->has_fentry = calls_fentry(s->sec, s);
	}
	for (i = 1; i < e->nr_syms; i++)
		if (is_func(&e->syms[i]) && e->syms[i].sec)
			find_parent(e, &e->syms[i]);
	return 0;
}

const char *reloc_string(struct reloc *r)
{
	struct section *s = r->sym->sec;

	if (!s || !s->data || r->addend < 0 || (size_t)r->addend >= s->size ||
	    !memchr(s->data + r->addend, 0, s->size - r->addend))
		return NULL;
	return (const char *)s->data + r->addend;
}

static void mark_functions(struct cdo *c, const char *secname, bool force)
{
	struct section *s = find_section(c->patched, secname);
	size_t i;

	for (i = 0; s && i < s->nr_relocs; i++) {
		struct symbol *f = reloc_target(c->patched, &s->relocs[i]);

		if (!f || !is_func(f))
			die(CDO_ERROR, "%s: entry %zu does not name a function",
			    secname, i);
		if (force)
			f->force = true;
		else
			f->ignore = true;
		log_debug("%s: %s", force ? "forced" : "ignored function", f->name);
	}
}

/* KPATCH_IGNORE_STATIC: names whose state may start afresh (soundness.c). */
static void fresh_statics(struct cdo *c)
{
	struct section *s = find_section(c->patched, ".kpatch.ignore.statics");
	size_t i;

	if (!s || !s->nr_relocs)
		return;
	c->fresh_ok = calloc(s->nr_relocs, sizeof(*c->fresh_ok));
	if (!c->fresh_ok)
		die(CDO_ERROR, "out of memory");
	for (i = 0; i < s->nr_relocs; i++) {
		const char *name = reloc_string(&s->relocs[i]);

		if (!name || !*name)
			die(CDO_ERROR, "KPATCH_IGNORE_STATIC entry %zu is not a name", i);
		c->fresh_ok[c->nr_fresh_ok++] = name;
		log_debug("fresh state allowed: %s", name);
	}
}

/*
 * KPATCH_IGNORE_SECTION, KPATCH_IGNORE_FUNCTION, KPATCH_FORCE_UNSAFE and
 * KPATCH_IGNORE_STATIC.
 */
void apply_author_macros(struct cdo *c)
{
	struct section *s = find_section(c->patched, ".kpatch.ignore.sections");
	size_t i;

	fresh_statics(c);
	mark_functions(c, ".kpatch.ignore.functions", false);
	mark_functions(c, ".kpatch.force", true);
	for (i = 0; s && i < s->nr_relocs; i++) {
		const char *name = reloc_string(&s->relocs[i]);
		struct section *t = name ? find_section(c->patched, name) : NULL;

		if (!name)
			die(CDO_ERROR, "KPATCH_IGNORE_SECTION entry %zu is not a string", i);
		if (!t)
			die(CDO_ERROR, "KPATCH_IGNORE_SECTION(\"%s\"): no such section", name);
		t->ignore = true;
		if (t->rela)
			t->rela->ignore = true;
		log_debug("ignored section: %s", name);
	}
}
