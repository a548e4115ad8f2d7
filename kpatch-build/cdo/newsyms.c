// SPDX-License-Identifier: GPL-2.0
/*
 * The global symbols that the objects of this patch define anew, named one
 * a line in the file KPATCH_NEW_SYMBOLS names (kpatch-build collects them
 * from every changed object before diffing any). The differ sees one object
 * at a time; with this list it knows that a reference to kpatch_string()
 * from a module's object, while af_netlink.o of the same patch defines it,
 * is for the linker of the one patch module, not a kernel symbol to look up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "log.h"
#include "newsyms.h"

struct newsyms {
	struct hash hash;
	struct hash_node *nodes;
	char *buf;
};

/* The whole file, NUL-terminated. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

struct newsyms *newsyms_read(const char *path)
{
	struct newsyms *ns = calloc(1, sizeof(*ns));
	size_t len = 0, most, nr = 0;
	char *name, *save = NULL;

	if (!ns)
		die(CDO_ERROR, "out of memory");
	if (path && *path) {
		ns->buf = slurp(path, &len);
		if (!ns->buf) {
			log_error("%s (KPATCH_NEW_SYMBOLS): cannot read it", path);
			free(ns);
			return NULL;
		}
	}
	most = len / 2 + 1;	/* each name and its separator */
	ns->nodes = calloc(most, sizeof(*ns->nodes));
	if (!ns->nodes || hash_init(&ns->hash, most))
		die(CDO_ERROR, "out of memory");
	for (name = len ? strtok_r(ns->buf, " \t\n", &save) : NULL;
	     name && nr < most; name = strtok_r(NULL, " \t\n", &save))
		hash_add(&ns->hash, &ns->nodes[nr++], name, NULL);
	return ns;
}

bool newsyms_has(const struct newsyms *ns, const char *name)
{
	return ns && hash_first(&ns->hash, name);
}

void newsyms_free(struct newsyms *ns)
{
	if (!ns)
		return;
	hash_free(&ns->hash);
	free(ns->nodes);
	free(ns->buf);
	free(ns);
}
