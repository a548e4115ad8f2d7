// SPDX-License-Identifier: GPL-2.0
/*
 * create-kpatch-module: check the linked output of every create-diff-object
 * run of a patch before kbuild turns it into a module. The records of
 * kmod/patch/kpatch-patch.h must be whole, every pointer in them must be
 * relocated, every name must be a string in .kpatch.strings, and no
 * function may be replaced twice. The object is then copied unchanged:
 * the glue in kmod/patch/ reads the records at load time.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kelf.h"
#include "kpatch-patch.h"
#include "log.h"

static struct elf *obj;
static int errors;

/* The string a pointer field points at, or NULL after reporting why. */
static const char *string_at(struct section *s, unsigned long off,
			     const char *what)
{
	struct reloc *r = reloc_find(s, off);
	struct section *t;

	if (!r || r->type != R_X86_64_64 || !r->sym->sec) {
		log_error("%s+0x%lx: %s is not relocated", s->name, off, what);
		errors++;
		return NULL;
	}
	t = r->sym->sec;
	if (strcmp(t->name, ".kpatch.strings") || r->addend < 0 ||
	    (size_t)r->addend >= t->size ||
	    !memchr(t->data + r->addend, 0, t->size - r->addend)) {
		log_error("%s+0x%lx: %s does not point at a string in "
			  ".kpatch.strings", s->name, off, what);
		errors++;
		return NULL;
	}
	return (const char *)t->data + r->addend;
}

static void need_pointer(struct section *s, unsigned long off, const char *what)
{
	struct reloc *r = reloc_find(s, off);

	if (!r || r->type != R_X86_64_64) {
		log_error("%s+0x%lx: %s is not relocated", s->name, off, what);
		errors++;
	}
}

static size_t entries(const char *name, size_t size, struct section **out)
{
	struct section *s = find_section(obj, name);

	*out = s;
	if (!s)
		return 0;
	if (s->size % size || !s->data) {
		log_error("%s: size %zu is not a multiple of %zu", name, s->size, size);
		errors++;
		return 0;
	}
	return s->size / size;
}

static size_t check_funcs(void)
{
	size_t sz = sizeof(struct kpatch_patch_func), n, i, j;
	struct section *s;
	const char **names;

	n = entries(KPATCH_FUNCS_SECTION, sz, &s);
	names = calloc(2 * n + 1, sizeof(*names));
	if (!names)
		die(CDO_ERROR, "out of memory");
	for (i = 0; i < n; i++) {
		struct kpatch_patch_func f;

		memcpy(&f, s->data + i * sz, sz);
		need_pointer(s, i * sz + offsetof(struct kpatch_patch_func, new_addr),
			     "new_addr");
		names[2 * i] = string_at(s, i * sz + offsetof(struct kpatch_patch_func,
							       name), "name");
		names[2 * i + 1] = string_at(s, i * sz +
			offsetof(struct kpatch_patch_func, objname), "objname");
		for (j = 0; names[2 * i] && names[2 * i + 1] && j < i; j++) {
			struct kpatch_patch_func g;

			memcpy(&g, s->data + j * sz, sz);
			if (names[2 * j] && names[2 * j + 1] &&
			    !strcmp(names[2 * i], names[2 * j]) &&
			    !strcmp(names[2 * i + 1], names[2 * j + 1]) &&
			    f.sympos == g.sympos) {
				log_error("%s (%s) is replaced twice", names[2 * i],
					  names[2 * i + 1]);
				errors++;
			}
		}
	}
	free(names);
	return n;
}

/* Early records are written by kpatch.ko at COMING: vmlinux's only. */
static size_t check_relocs(const char *name, bool early)
{
	size_t sz = sizeof(struct kpatch_patch_reloc), n, i;
	struct section *s;
	const char *objname;

	n = entries(name, sz, &s);
	for (i = 0; i < n; i++) {
		need_pointer(s, i * sz + offsetof(struct kpatch_patch_reloc, dest),
			     "dest");
		string_at(s, i * sz + offsetof(struct kpatch_patch_reloc, name), "name");
		objname = string_at(s, i * sz + offsetof(struct kpatch_patch_reloc,
							 objname), "objname");
		if (early && objname && strcmp(objname, "vmlinux")) {
			log_error("%s+0x%zx: an early relocation must be to "
				  "vmlinux, not %s", name, i * sz, objname);
			errors++;
		}
	}
	return n;
}

static size_t check_pairs(const char *name)
{
	size_t sz = sizeof(struct kpatch_patch_hook), n, i;
	struct section *s;

	n = entries(name, sz, &s);
	for (i = 0; i < n; i++) {
		need_pointer(s, i * sz, "function");
		string_at(s, i * sz + offsetof(struct kpatch_patch_hook, objname),
			  "objname");
	}
	return n;
}

/*
 * No function replaced and no hook: whatever the objects add (a renamed
 * function, a new helper) nothing in the running kernel would ever reach.
 * Name what was added, so the author sees why.
 */
static void report_nothing_to_do(void)
{
	char list[512] = "";
	size_t i, len = 0, shown = 0, all = 0;

	for (i = 1; i < obj->nr_syms; i++) {
		const struct symbol *sym = &obj->syms[i];

		if (!is_func(sym) || !sym->sec || !is_text(sym->sec))
			continue;
		all++;
		if (len + strlen(sym->name) + 3 >= sizeof(list) - 8)
			continue;
		len += snprintf(list + len, sizeof(list) - len, "%s%s",
				shown++ ? ", " : "", sym->name);
	}
	if (all > shown)
		snprintf(list + len, sizeof(list) - len, ", ...");
	if (all)
		log_error("no function of the kernel is replaced and there are no hooks or callbacks: the patch only adds %s, which nothing in the running kernel calls, so it would do nothing",
			  list);
	else
		log_error("no function of the kernel is replaced and there are no hooks or callbacks: the patch would do nothing");
}

static int copy(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	int ret = 0;

	if (!in || !out)
		ret = -1;
	while (!ret && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ret = -1;
	if (in)
		fclose(in);
	if (out && fclose(out))
		ret = -1;
	if (ret)
		log_error("cannot copy %s to %s", from, to);
	return ret;
}

int main(int argc, char **argv)
{
	static const char *const pairs[] = {
		KPATCH_HOOKS_LOAD_SECTION, KPATCH_HOOKS_UNLOAD_SECTION,
		KPATCH_CB_PRE_PATCH_SECTION, KPATCH_CB_POST_PATCH_SECTION,
		KPATCH_CB_PRE_UNPATCH_SECTION, KPATCH_CB_POST_UNPATCH_SECTION,
	};
	size_t funcs, relocs, hooks = 0, i;

	if (argc != 3) {
		fprintf(stderr, "usage: create-kpatch-module INPUT.o OUTPUT.o\n");
		return CDO_ERROR;
	}
	log_object = argv[1];
	obj = elf_read(argv[1]);
	if (!obj)
		return CDO_ERROR;
	funcs = check_funcs();
	relocs = check_relocs(KPATCH_RELOCS_SECTION, false);
	relocs += check_relocs(KPATCH_RELOCS_EARLY_SECTION, true);
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		hooks += check_pairs(pairs[i]);
	if (errors)
		return CDO_ERROR;
	if (!funcs && !hooks) {
		report_nothing_to_do();
		return CDO_NO_CHANGE;
	}
	log_info("%zu functions, %zu relocations, %zu hooks and callbacks",
		 funcs, relocs, hooks);
	elf_close(obj);
	return copy(argv[1], argv[2]) ? CDO_ERROR : CDO_OK;
}
