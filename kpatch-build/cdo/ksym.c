// SPDX-License-Identifier: GPL-2.0
/*
 * The running kernel's side of symbol resolution. A static function's name
 * may occur many times in vmlinux; the core module finds the right one by
 * its position among same-named symbols in kallsyms order (address order
 * for vmlinux, symbol-table order for a module), so that is what is
 * computed here. Which occurrence is ours is decided by the STT_FILE block
 * holding the most of the object's own local names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kelf.h"
#include "ksym.h"
#include "log.h"

static int type_of(const char *t)
{
	static const struct { const char *name; int type; } types[] = {
		{ "NOTYPE", STT_NOTYPE }, { "OBJECT", STT_OBJECT },
		{ "FUNC", STT_FUNC }, { "SECTION", STT_SECTION },
		{ "FILE", STT_FILE }, { "TLS", STT_TLS },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(t, types[i].name))
			return types[i].type;
	return -1;
}

/* "  12: ffffffff81000000    42 FUNC    LOCAL  DEFAULT    1 name" */
static int parse_line(struct ksyms *k, char *line, int *file)
{
	char *tok[8], *save = NULL, *p;
	struct ksym *s;
	int n = 0, type;

	for (p = strtok_r(line, " \t\n", &save); p && n < 8;
	     p = strtok_r(NULL, " \t\n", &save))
		tok[n++] = p;
	if (n < 7 || tok[0][strlen(tok[0]) - 1] != ':' ||
	    !strcmp(tok[0], "Num:"))
		return 0;
	type = type_of(tok[3]);
	if (type == STT_FILE && n == 8) {
		char **f = realloc(k->files, (k->nr_files + 1) * sizeof(*f));

		if (!f)
			return -1;
		k->files = f;
		f[k->nr_files] = strdup(tok[7]);
		*file = (int)k->nr_files++;
		return f[*file] ? 0 : -1;
	}
	if (n < 8 || !strcmp(tok[6], "UND") || type == STT_SECTION || type < 0)
		return 0;
	s = &k->syms[k->nr];
	s->name = strdup(tok[7]);
	if (!s->name)
		return -1;
	s->addr = strtoul(tok[1], NULL, 16);
	s->size = strtoul(tok[2], NULL, 0);
	s->type = type;
	s->local = !strcmp(tok[4], "LOCAL");
	s->weak = !strcmp(tok[4], "WEAK");
	s->file = s->local ? *file : -1;
	s->order = k->nr++;
	return 0;
}

struct ksyms *ksyms_read(const char *path, bool by_address)
{
	struct ksyms *k = calloc(1, sizeof(*k));
	size_t cap = 1024, len = 0, i;
	char *line = NULL;
	int file = -1;
	FILE *f = fopen(path, "r");

	if (!f || !k) {
		log_error("%s: cannot read the symbol table", path);
		goto fail;
	}
	k->by_address = by_address;
	k->syms = malloc(cap * sizeof(*k->syms));
	while (k->syms && getline(&line, &len, f) > 0) {
		if (k->nr == cap) {
			struct ksym *n = realloc(k->syms, 2 * cap * sizeof(*n));

			if (!n)
				break;
			k->syms = n;
			cap *= 2;
		}
		if (parse_line(k, line, &file))
			break;
	}
	if (!k->syms || !feof(f) || hash_init(&k->hash, k->nr)) {
		log_error("%s: out of memory reading the symbol table", path);
		goto fail;
	}
	for (i = 0; i < k->nr; i++)
		hash_add(&k->hash, &k->syms[i].hnode, k->syms[i].name, &k->syms[i]);
	free(line);
	fclose(f);
	return k;
fail:
	free(line);
	if (f)
		fclose(f);
	free(k);
	return NULL;
}

/* How many of the object's local names the parent's block holds. */
static int block_score(struct ksyms *k, struct elf *e, int block)
{
	struct hash_node *n;
	int score = 0;
	size_t i;

	for (i = 1; i < e->nr_syms; i++) {
		struct symbol *s = &e->syms[i];

		if (s->bind != STB_LOCAL || !s->sec ||
		    (s->type != STT_FUNC && s->type != STT_OBJECT))
			continue;
		hash_for_each_key(&k->hash, s->name, n)
			if (((struct ksym *)n->owner)->file == block) {
				score++;
				break;
			}
	}
	return score;
}

static struct ksym *pick_local(struct ksyms *k, struct elf *e,
			       const char *name, bool *ambiguous)
{
	struct ksym *best = NULL;
	struct hash_node *n;
	int best_score = -1;

	hash_for_each_key(&k->hash, name, n) {
		struct ksym *s = n->owner;
		int score;

		if (!s->local || s->file < 0)
			continue;
		if (e->file_sym && strcmp(k->files[s->file], e->file_sym))
			continue;
		score = block_score(k, e, s->file);
		if (score == best_score)
			*ambiguous = true;
		if (score > best_score) {
			best = s;
			best_score = score;
			*ambiguous = false;
		}
	}
	return best;
}

static bool before(struct ksyms *k, const struct ksym *a, const struct ksym *b)
{
	if (k->by_address && a->addr != b->addr)
		return a->addr < b->addr;
	return a->order < b->order;
}

struct ksym *ksym_find(struct ksyms *k, struct elf *e, const char *name,
		       bool local, unsigned long *sympos, bool *ambiguous)
{
	struct ksym *hit = NULL;
	struct hash_node *n;
	unsigned long count = 0, rank = 1;

	*ambiguous = false;
	if (local)
		hit = pick_local(k, e, name, ambiguous);
	hash_for_each_key(&k->hash, name, n) {
		struct ksym *s = n->owner;

		count++;
		if (!local && !hit && !s->local)
			hit = s;
	}
	if (!hit && count == 1 && !local)
		hit = ((struct ksym *)hash_first(&k->hash, name)->owner);
	if (!hit)
		return NULL;
	hash_for_each_key(&k->hash, name, n)
		if (before(k, n->owner, hit))
			rank++;
	*sympos = count > 1 ? rank : 0;
	return hit;
}

struct symvers *symvers_read(const char *path)
{
	struct symvers *sv = calloc(1, sizeof(*sv));
	size_t cap = 0, nr = 0, len = 0;
	char *line = NULL, *save, *sym, *mod;
	FILE *f = fopen(path, "r");

	if (!sv || !f) {
		log_error("%s: cannot read Module.symvers", path);
		free(sv);
		if (f)
			fclose(f);
		return NULL;
	}
	while (getline(&line, &len, f) > 0)
		cap++;
	rewind(f);
	sv->nodes = calloc(cap + 1, sizeof(*sv->nodes));
	if (!sv->nodes || hash_init(&sv->hash, cap))
		die(CDO_ERROR, "out of memory");
	while (getline(&line, &len, f) > 0 && nr < cap) {
		if (!strtok_r(line, "\t\n", &save))
			continue;
		sym = strtok_r(NULL, "\t\n", &save);
		mod = strtok_r(NULL, "\t\n", &save);
		if (!sym || !mod)
			continue;
		sym = strdup(sym);
		mod = strdup(mod);
		if (!sym || !mod)
			die(CDO_ERROR, "out of memory");
		hash_add(&sv->hash, &sv->nodes[nr++], sym, mod);
	}
	free(line);
	fclose(f);
	return sv;
}

const char *symvers_owner(struct symvers *sv, const char *name)
{
	struct hash_node *n = hash_first(&sv->hash, name);

	return n ? n->owner : NULL;
}

void ksyms_free(struct ksyms *k)
{
	size_t i;

	if (!k)
		return;
	for (i = 0; i < k->nr; i++)
		free(k->syms[i].name);
	for (i = 0; i < k->nr_files; i++)
		free(k->files[i]);
	free(k->files);
	free(k->syms);
	hash_free(&k->hash);
	free(k);
}

void symvers_free(struct symvers *sv)
{
	size_t i;

	if (!sv)
		return;
	for (i = 0; i < sv->hash.nr_buckets; i++) {
		struct hash_node *n;

		for (n = sv->hash.buckets[i]; n; n = n->next) {
			free((char *)n->key);
			free(n->owner);
		}
	}
	hash_free(&sv->hash);
	free(sv->nodes);
	free(sv);
}
