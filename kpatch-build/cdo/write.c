// SPDX-License-Identifier: GPL-2.0
/*
 * Serialising the output object with libelf: every section, a .rela
 * section for each one that has relocations, then .symtab, .strtab and
 * .shstrtab. libelf lays the file out.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "out.h"

static int add_scn(Elf *elf, const GElf_Shdr *sh, struct buf *b, size_t *index)
{
	Elf_Scn *scn = elf_newscn(elf);
	Elf_Data *d;

	if (!scn)
		return -1;
	d = elf_newdata(scn);
	if (!d)
		return -1;
	d->d_buf = b ? b->p : NULL;
	d->d_size = sh->sh_type == SHT_NOBITS ? sh->sh_size : (b ? b->len : 0);
	d->d_type = ELF_T_BYTE;
	d->d_align = sh->sh_addralign ? sh->sh_addralign : 1;
	if (!gelf_update_shdr(scn, (GElf_Shdr *)sh))
		return -1;
	*index = elf_ndxscn(scn);
	return 0;
}

static size_t shstr(struct buf *b, const char *prefix, const char *name)
{
	size_t at = buf_add(b, prefix, strlen(prefix));

	buf_add(b, name, strlen(name) + 1);
	return at;
}

/* Relocation sections follow all data sections, so indices stay stable. */
static int write_sections(struct out *o, Elf *elf, struct buf *names)
{
	size_t i, idx, symtab = o->nr_secs, strtab = o->nr_secs + 1;
	GElf_Shdr sh;

	for (i = 1; i < o->nr_secs; i++) {
		o->secs[i].sh.sh_name = shstr(names, "", o->secs[i].name);
		if (add_scn(elf, &o->secs[i].sh, &o->secs[i].data, &idx) || idx != i)
			return -1;
	}
	memset(&sh, 0, sizeof(sh));
	sh.sh_type = SHT_SYMTAB;
	sh.sh_name = shstr(names, "", ".symtab");
	sh.sh_link = strtab;
	sh.sh_info = o->first_global;
	sh.sh_entsize = sizeof(Elf64_Sym);
	sh.sh_addralign = 8;
	if (add_scn(elf, &sh, &o->syms, &idx) || idx != symtab)
		return -1;
	memset(&sh, 0, sizeof(sh));
	sh.sh_type = SHT_STRTAB;
	sh.sh_name = shstr(names, "", ".strtab");
	sh.sh_addralign = 1;
	if (add_scn(elf, &sh, &o->strtab, &idx) || idx != strtab)
		return -1;
	for (i = 1; i < o->nr_secs; i++) {
		if (!o->secs[i].rela.len)
			continue;
		memset(&sh, 0, sizeof(sh));
		sh.sh_type = SHT_RELA;
		sh.sh_name = shstr(names, ".rela", o->secs[i].name);
		sh.sh_flags = SHF_INFO_LINK;
		sh.sh_link = symtab;
		sh.sh_info = i;
		sh.sh_entsize = sizeof(Elf64_Rela);
		sh.sh_addralign = 8;
		if (add_scn(elf, &sh, &o->secs[i].rela, &idx))
			return -1;
	}
	return 0;
}

int out_write(struct out *o, const char *path)
{
	struct buf names = { 0 };
	GElf_Ehdr eh;
	Elf *elf = NULL;
	size_t idx;
	int fd, ret = -1;
	GElf_Shdr sh;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(CDO_ERROR, "%s: cannot create", path);
	buf_add(&names, "", 1);
	elf = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!elf || !gelf_newehdr(elf, ELFCLASS64) || !gelf_getehdr(elf, &eh))
		goto out;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh.e_type = ET_REL;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	if (write_sections(o, elf, &names))
		goto out;
	memset(&sh, 0, sizeof(sh));
	sh.sh_type = SHT_STRTAB;
	sh.sh_name = shstr(&names, "", ".shstrtab");
	sh.sh_addralign = 1;
	if (add_scn(elf, &sh, &names, &idx))
		goto out;
	eh.e_shstrndx = idx;
	if (!gelf_update_ehdr(elf, &eh) || elf_update(elf, ELF_C_WRITE) < 0)
		goto out;
	ret = 0;
out:
	if (ret)
		log_error("%s: writing failed: %s", path, elf_errmsg(-1));
	if (elf)
		elf_end(elf);
	close(fd);
	free(names.p);
	return ret;
}
