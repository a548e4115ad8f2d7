// SPDX-License-Identifier: GPL-2.0
/*
 * create-diff-object: compare an object compiled before and after a source
 * patch and write an object holding only what a live patch needs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"
#include "facts.h"
#include "log.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: create-diff-object [--debug] ORIG.o PATCHED.o PARENT SYMTAB SYMVERS\n"
"                          PATCH_NAME OUTPUT.o\n"
"\n"
"  ORIG.o, PATCHED.o  the object before and after the patch, built with\n"
"                     -ffunction-sections -fdata-sections\n"
"  PARENT             vmlinux, or the module the object is linked into\n"
"  SYMTAB             the parent's symbols, from readelf -s --wide\n"
"  SYMVERS            a Module.symvers (or /dev/null)\n"
"  PATCH_NAME         the patch module's name\n"
"  OUTPUT.o           written when there is something to patch\n"
"\n"
"  -d, --debug        explain every correlation and decision\n"
"\n"
"Special-section entry sizes are read from ALT_STRUCT_SIZE, BUG_STRUCT_SIZE,\n"
"EX_STRUCT_SIZE, JUMP_STRUCT_SIZE, ORC_STRUCT_SIZE, PARA_STRUCT_SIZE,\n"
"STATIC_CALL_STRUCT_SIZE, PRINTK_INDEX_STRUCT_SIZE and FIXUP_STRUCT_SIZE\n"
"when set (defaults: Linux 6.1 x86_64).\n"
"KPATCH_NEW_SYMBOLS names a file listing, one a line, the global symbols\n"
"that the objects of this patch define and their originals do not: a\n"
"reference to one the parent lacks is left to the linker of the patch\n"
"module, not looked up in the kernel.\n"
"\n"
"Exit status: 0 output written, 1 error, 2 unsupported change (refused),\n"
"3 nothing to patch.\n");
}

static struct elf *load(const char *path)
{
	struct elf *e = elf_read(path);

	if (!e)
		exit(CDO_ERROR);
	classify(e);
	mark_special(e);
	return e;
}

static void summary(struct cdo *c)
{
	log_info("%d changed, %d new, %d ignored, %d refused", c->n.changed,
		 c->n.added, c->n.ignored, c->n.refused);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cdo c;
	const char *base;
	int opt, ret = CDO_OK;

	memset(&c, 0, sizeof(c));
	while ((opt = getopt_long(argc, argv, "dh", opts, NULL)) != -1) {
		if (opt == 'd') {
			log_debug_on = true;
		} else if (opt == 'h') {
			usage(stdout);
			return CDO_OK;
		} else {
			usage(stderr);
			return CDO_ERROR;
		}
	}
	if (argc - optind != 7) {
		usage(stderr);
		return CDO_ERROR;
	}
	argv += optind;
	base = strrchr(argv[1], '/');
	log_object = base ? base + 1 : argv[1];
	if (special_init())
		return CDO_ERROR;
	c.parent = argv[2];
	c.patch_name = argv[5];
	c.ksyms = ksyms_read(argv[3], !strcmp(c.parent, "vmlinux"));
	c.symvers = symvers_read(argv[4]);
	c.newsyms = newsyms_read(getenv("KPATCH_NEW_SYMBOLS"));
	if (!c.ksyms || !c.symvers || !c.newsyms)
		return CDO_ERROR;
	c.orig = load(argv[0]);
	c.patched = load(argv[1]);
	apply_author_macros(&c);
	correlate(&c);
	compare(&c);
	replace_through_callers(&c);
	include_changes(&c);
	check_layouts(&c);
	check_soundness(&c);
	report_facts(&c);
	summary(&c);
	if (c.n.refused)
		ret = CDO_UNSUPPORTED;
	else if (!c.n.changed && !c.n.added)
		ret = CDO_NO_CHANGE;
	else if (write_output(&c, argv[6]))
		ret = CDO_ERROR;
	elf_close(c.orig);
	elf_close(c.patched);
	free(c.fresh_ok);
	ksyms_free(c.ksyms);
	symvers_free(c.symvers);
	newsyms_free(c.newsyms);
	return ret;
}
