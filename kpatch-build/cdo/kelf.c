// SPDX-License-Identifier: GPL-2.0
/*
 * Reading an object file. Inputs may be corrupt or truncated (the fuzz
 * target feeds this file), so every value that indexes or sizes something
 * is checked against what it indexes before use, and errors are returned,
 * never fatal: the caller decides how to exit.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kelf.h"
#include "log.h"

static int bad(struct elf *e, const char *what)
{
	log_error("%s: %s", e->path, what);
	return -1;
}

static int bad_elf(struct elf *e, const char *what)
{
	log_error("%s: %s: %s", e->path, what, elf_errmsg(-1));
	return -1;
}

static int read_section(struct elf *e, size_t i, size_t shstrndx,
			off_t file_size)
{
	struct section *s = &e->secs[i];
	Elf_Scn *scn = elf_getscn(e->elf, i);
	Elf_Data *d;

	s->index = i;
	if (!scn || !gelf_getshdr(scn, &s->sh))
		return bad_elf(e, "unreadable section header");
	s->name = elf_strptr(e->elf, shstrndx, s->sh.sh_name);
	if (!s->name)
		return bad_elf(e, "section name out of range");
	if (s->sh.sh_type == SHT_NOBITS || s->sh.sh_type == SHT_NULL) {
		s->size = s->sh.sh_size;
		return 0;
	}
	if (s->sh.sh_offset > (unsigned long)file_size ||
	    s->sh.sh_size > (unsigned long)file_size - s->sh.sh_offset) {
		log_error("%s: section %s extends past the end of the file (truncated?)",
			  e->path, s->name);
		return -1;
	}
	d = elf_rawdata(scn, NULL);
	if (!d && s->sh.sh_size)
		return bad_elf(e, "unreadable section data");
	s->size = d ? d->d_size : 0;
	s->data = malloc(s->size ? s->size : 1);
	if (!s->data)
		return bad(e, "out of memory");
	if (s->size)
		memcpy(s->data, d->d_buf, s->size);
	return 0;
}

static int read_symbols(struct elf *e)
{
	struct section *st = e->symtab, *strs, *xsec = NULL;
	Elf_Data *xdata = NULL;
	size_t i;

	if (st->sh.sh_entsize != sizeof(Elf64_Sym) || st->sh.sh_link == 0 ||
	    st->sh.sh_link >= e->nr_secs)
		return bad(e, "malformed .symtab header");
	strs = &e->secs[st->sh.sh_link];
	if (strs->sh.sh_type != SHT_STRTAB || !strs->data)
		return bad(e, ".symtab's string table is not a string table");
	for (i = 1; i < e->nr_secs; i++)
		if (e->secs[i].sh.sh_type == SHT_SYMTAB_SHNDX &&
		    e->secs[i].sh.sh_link == st->index)
			xsec = &e->secs[i];
	if (xsec)
		xdata = elf_rawdata(elf_getscn(e->elf, xsec->index), NULL);
	e->nr_syms = st->size / sizeof(Elf64_Sym);
	e->syms = calloc(e->nr_syms ? e->nr_syms : 1, sizeof(*e->syms));
	if (!e->syms || hash_init(&e->sym_hash, e->nr_syms))
		return bad(e, "out of memory");
	for (i = 0; i < e->nr_syms; i++) {
		struct symbol *sym = &e->syms[i];
		size_t shndx;

		memcpy(&sym->sym, st->data + i * sizeof(Elf64_Sym),
		       sizeof(Elf64_Sym));
		sym->index = i;
		sym->type = GELF_ST_TYPE(sym->sym.st_info);
		sym->bind = GELF_ST_BIND(sym->sym.st_info);
		if (sym->sym.st_name >= strs->size)
			return bad(e, "symbol name out of range");
		sym->name = (char *)strs->data + sym->sym.st_name;
		if (!memchr(sym->name, 0, strs->size - sym->sym.st_name))
			return bad(e, "unterminated symbol name");
		shndx = sym->sym.st_shndx;
		if (shndx == SHN_XINDEX) {
			if (!xdata || (i + 1) * 4 > xdata->d_size)
				return bad(e, "SHN_XINDEX without .symtab_shndx");
			shndx = ((Elf32_Word *)xdata->d_buf)[i];
		} else if (shndx >= SHN_LORESERVE) {
			shndx = 0;	/* absolute or common */
		}
		if (shndx >= e->nr_secs)
			return bad(e, "symbol section index out of range");
		if (shndx && i)
			sym->sec = &e->secs[shndx];
		if (sym->type == STT_SECTION && sym->sec) {
			sym->name = sym->sec->name;
			if (!sym->sec->secsym)
				sym->sec->secsym = sym;
		}
		if (sym->type == STT_FILE && !e->file_sym)
			e->file_sym = sym->name;
		if (sym->sec && (sym->sym.st_value > sym->sec->size ||
				 sym->sym.st_size > sym->sec->size - sym->sym.st_value))
			return bad(e, "symbol extends past its section");
		hash_add(&e->sym_hash, &sym->hnode, sym->name, sym);
	}
	return 0;
}

size_t reloc_size(unsigned int type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_GOTPCREL:
	case R_X86_64_GOTPCRELX:
	case R_X86_64_REX_GOTPCRELX:
		return 4;
	case R_X86_64_16:
	case R_X86_64_PC16:
		return 2;
	case R_X86_64_8:
	case R_X86_64_PC8:
		return 1;
	}
	return (size_t)-1;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int read_relocs(struct elf *e, struct section *rs)
{
	struct section *base;
	size_t i, n;

	if (rs->sh.sh_type == SHT_REL)
		return bad(e, "SHT_REL sections are not used on x86_64");
	if (rs->sh.sh_info == 0 || rs->sh.sh_info >= e->nr_secs ||
	    rs->sh.sh_link != e->symtab->index ||
	    rs->sh.sh_entsize != sizeof(Elf64_Rela))
		return bad(e, "malformed relocation section header");
	base = &e->secs[rs->sh.sh_info];
	if (base->rela)
		return bad(e, "two relocation sections for one section");
	rs->base = base;
	base->rela = rs;
	n = rs->size / sizeof(Elf64_Rela);
	base->relocs = calloc(n ? n : 1, sizeof(struct reloc));
	if (!base->relocs)
		return bad(e, "out of memory");
	for (i = 0; i < n; i++) {
		Elf64_Rela ra;
		struct reloc *r = &base->relocs[i];
		size_t sz, sym;

		memcpy(&ra, rs->data + i * sizeof(ra), sizeof(ra));
		sym = ELF64_R_SYM(ra.r_info);
		r->type = ELF64_R_TYPE(ra.r_info);
		r->offset = ra.r_offset;
		r->addend = ra.r_addend;
		sz = reloc_size(r->type);
		if (sz == (size_t)-1) {
			log_error("%s: %s: unsupported relocation type %u",
				  e->path, rs->name, r->type);
			return -1;
		}
		if (sym >= e->nr_syms || !sym)
			return bad(e, "relocation symbol index out of range");
		if (base->sh.sh_type != SHT_NOBITS &&
		    (r->offset > base->size || sz > base->size - r->offset))
			return bad(e, "relocation offset past its section");
		r->sym = &e->syms[sym];
		r->sec = base;
	}
	base->nr_relocs = n;
	qsort(base->relocs, n, sizeof(struct reloc), cmp_reloc);
	return 0;
}

static int check_header(struct elf *e)
{
	if (elf_kind(e->elf) != ELF_K_ELF)
		return bad(e, "not an ELF file");
	if (gelf_getclass(e->elf) != ELFCLASS64 || !gelf_getehdr(e->elf, &e->ehdr))
		return bad(e, "not a 64-bit ELF file");
	if (e->ehdr.e_type != ET_REL)
		return bad(e, "not a relocatable object (ET_REL)");
	if (e->ehdr.e_machine != EM_X86_64)
		return bad(e, "not an x86_64 object");
	return 0;
}

static int read_all(struct elf *e)
{
	size_t i, shstrndx;
	struct stat st;

	if (fstat(e->fd, &st))
		return bad(e, "cannot stat");
	e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
	if (!e->elf)
		return bad_elf(e, "cannot read ELF");
	if (check_header(e))
		return -1;
	if (elf_getshdrnum(e->elf, &e->nr_secs) || elf_getshdrstrndx(e->elf, &shstrndx))
		return bad_elf(e, "unreadable section table");
	if (e->nr_secs == 0 || shstrndx >= e->nr_secs)
		return bad(e, "no section table");
	e->secs = calloc(e->nr_secs, sizeof(*e->secs));
	if (!e->secs || hash_init(&e->sec_hash, e->nr_secs))
		return bad(e, "out of memory");
	for (i = 1; i < e->nr_secs; i++) {
		if (read_section(e, i, shstrndx, st.st_size))
			return -1;
		hash_add(&e->sec_hash, &e->secs[i].hnode, e->secs[i].name,
			 &e->secs[i]);
		if (e->secs[i].sh.sh_type == SHT_SYMTAB) {
			if (e->symtab)
				return bad(e, "two symbol tables");
			e->symtab = &e->secs[i];
		}
	}
	e->secs[0].name = "";
	if (!e->symtab)
		return bad(e, "no symbol table (stripped?)");
	if (read_symbols(e))
		return -1;
	for (i = 1; i < e->nr_secs; i++)
		if ((e->secs[i].sh.sh_type == SHT_RELA ||
		     e->secs[i].sh.sh_type == SHT_REL) && read_relocs(e, &e->secs[i]))
			return -1;
	return elf_index_symbols(e) ? bad(e, "out of memory") : 0;
}

struct elf *elf_read(const char *path)
{
	struct elf *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->path = path;
	elf_version(EV_CURRENT);
	e->fd = open(path, O_RDONLY);
	if (e->fd < 0) {
		log_error("%s: cannot open", path);
		free(e);
		return NULL;
	}
	if (read_all(e)) {
		elf_close(e);
		return NULL;
	}
	return e;
}

void elf_close(struct elf *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; e->secs && i < e->nr_secs; i++) {
		free(e->secs[i].data);
		free(e->secs[i].relocs);
		free(e->secs[i].symbols);
		free(e->secs[i].insn_ends);
		free(e->secs[i].label_offs);
		if (e->secs[i].out_data != e->secs[i].data)
			free(e->secs[i].out_data);
		if (e->secs[i].out_relocs != e->secs[i].relocs)
			free(e->secs[i].out_relocs);
	}
	free(e->secs);
	for (i = 0; e->syms && i < e->nr_syms; i++)
		free(e->syms[i].callers_why);
	free(e->syms);
	hash_free(&e->sec_hash);
	hash_free(&e->sym_hash);
	if (e->elf)
		elf_end(e->elf);
	if (e->fd >= 0)
		close(e->fd);
	free(e);
}
