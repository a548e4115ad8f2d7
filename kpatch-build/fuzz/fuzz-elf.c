// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for create-diff-object's ELF input path: reading an
 * object (headers, sections, symbols, relocations), indexing it, and the
 * per-object facts every later pass relies on, including instruction
 * decoding for PC-relative targets. Any crash, hang or sanitizer report
 * is a bug: bad input must come back as an error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cdo.h"
#include "log.h"

static void walk(struct elf *e)
{
	size_t i, j;

	classify(e);
	mark_special(e);
	for (i = 1; i < e->nr_secs; i++)
		for (j = 0; j < e->secs[i].nr_relocs; j++)
			reloc_symbol_at(e, &e->secs[i].relocs[j]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	struct elf *e;
	int fd = memfd_create("fuzz.o", 0);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		e = elf_read(path);
		if (e) {
			walk(e);
			elf_close(e);
		}
	}
	close(fd);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Errors are expected; keep libFuzzer's output readable. */
	log_quiet = true;
	return 0;
}
