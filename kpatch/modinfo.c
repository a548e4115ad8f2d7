// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reads a kernel module file's .modinfo section (the key=value strings modpost
 * writes, vermagic and name among them) straight from the ELF file, so the
 * command can check a patch against the running kernel before the kernel sees
 * it and needs no modinfo(8) or libkmod in a busybox guest or early boot.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpatch.h"

/* Compressed modules would need a decompressor; say so instead. */
static const char *compression(const unsigned char *d, size_t n)
{
	if (n >= 6 && !memcmp(d, "\xfd" "7zXZ\0", 6))
		return "xz";
	if (n >= 4 && !memcmp(d, "\x28\xb5\x2f\xfd", 4))
		return "zstd";
	if (n >= 2 && d[0] == 0x1f && d[1] == 0x8b)
		return "gzip";
	return NULL;
}

static const Elf64_Shdr *section(const struct kp_modinfo *mi,
				 const Elf64_Ehdr *eh, unsigned int i)
{
	return (const Elf64_Shdr *)(mi->data + eh->e_shoff +
				    (size_t)i * sizeof(Elf64_Shdr));
}

static bool in_file(const struct kp_modinfo *mi, Elf64_Off off, Elf64_Xword n)
{
	return off <= mi->size && n <= mi->size - off;
}

/*
 * kpatch-build's .kpatch.checksum: a NUL-terminated string filling its
 * section; anything else is treated as no checksum.
 */
static void take_checksum(struct kp_modinfo *mi, const Elf64_Shdr *sh)
{
	const char *d = mi->data + sh->sh_offset;

	if (sh->sh_type != SHT_NOBITS && in_file(mi, sh->sh_offset, sh->sh_size) &&
	    sh->sh_size > 1 && strnlen(d, sh->sh_size) == sh->sh_size - 1)
		mi->checksum = d;
}

/*
 * kpatch-build's reports (.kpatch.report, .kpatch.report.json): the bytes
 * of the section, not NUL-terminated; a section outside the file is none.
 */
static void take_report(struct kp_modinfo *mi, const Elf64_Shdr *sh,
			bool json)
{
	if (sh->sh_type == SHT_NOBITS || !in_file(mi, sh->sh_offset, sh->sh_size))
		return;
	if (json) {
		mi->report_json = mi->data + sh->sh_offset;
		mi->report_json_size = sh->sh_size;
	} else {
		mi->report = mi->data + sh->sh_offset;
		mi->report_size = sh->sh_size;
	}
}

/*
 * Locate .modinfo (and .kpatch.checksum, the reports); every offset is
 * bounds-checked against the file.
 */
static int find_modinfo(const char *path, struct kp_modinfo *mi)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)mi->data;
	const Elf64_Shdr *strtab, *sh;
	unsigned int i, shnum, shstrndx;
	const char *kind, *name;
	Elf64_Xword room;

	kind = compression((const unsigned char *)mi->data, mi->size);
	if (kind) {
		kp_err("%s: %s-compressed modules are not supported; decompress it first",
		       path, kind);
		return -EINVAL;
	}
	if (mi->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
		kp_err("%s: not a kernel module (not an ELF file)", path);
		return -EINVAL;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64 ||
	    eh->e_type != ET_REL) {
		kp_err("%s: not an x86_64 kernel module (wrong ELF class, machine or type)",
		       path);
		return -EINVAL;
	}
	shnum = eh->e_shnum;
	shstrndx = eh->e_shstrndx;
	if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !in_file(mi, eh->e_shoff, sizeof(Elf64_Shdr)))
		goto corrupt;
	if (shnum == 0)
		shnum = (unsigned int)section(mi, eh, 0)->sh_size;
	if (shstrndx == SHN_XINDEX)
		shstrndx = section(mi, eh, 0)->sh_link;
	if (!in_file(mi, eh->e_shoff, (Elf64_Xword)shnum * sizeof(Elf64_Shdr)) ||
	    shstrndx >= shnum)
		goto corrupt;
	strtab = section(mi, eh, shstrndx);
	if (!in_file(mi, strtab->sh_offset, strtab->sh_size))
		goto corrupt;
	for (i = 1; i < shnum; i++) {
		sh = section(mi, eh, i);
		if (sh->sh_name >= strtab->sh_size)
			goto corrupt;
		name = mi->data + strtab->sh_offset + sh->sh_name;
		room = strtab->sh_size - sh->sh_name;
		if (strnlen(name, room) == room)
			goto corrupt;
		if (!strcmp(name, ".kpatch.checksum"))
			take_checksum(mi, sh);
		if (!strcmp(name, ".kpatch.report"))
			take_report(mi, sh, false);
		if (!strcmp(name, ".kpatch.report.json"))
			take_report(mi, sh, true);
		if (strcmp(name, ".modinfo") != 0)
			continue;
		if (sh->sh_type == SHT_NOBITS ||
		    !in_file(mi, sh->sh_offset, sh->sh_size))
			goto corrupt;
		mi->info = mi->data + sh->sh_offset;
		mi->info_size = sh->sh_size;
	}
	if (mi->info)
		return 0;
	kp_err("%s: not a kernel module (no .modinfo section)", path);
	return -EINVAL;
corrupt:
	kp_err("%s: corrupt ELF file (section table out of bounds)", path);
	return -EINVAL;
}

int kp_modinfo_open(const char *path, struct kp_modinfo *mi)
{
	int ret;

	memset(mi, 0, sizeof(*mi));
	ret = kp_check_regular(path);
	if (ret)
		return ret;
	mi->data = kp_read_file(path, &mi->size);
	if (!mi->data) {
		ret = -errno;
		kp_err("cannot read %s: %s", path, strerror(errno));
		return ret;
	}
	ret = find_modinfo(path, mi);
	if (ret)
		kp_modinfo_close(mi);
	return ret;
}

void kp_modinfo_close(struct kp_modinfo *mi)
{
	free(mi->data);
	memset(mi, 0, sizeof(*mi));
}

/* Walk the NUL-separated entries; returns 0 at the end. */
int kp_modinfo_next(const struct kp_modinfo *mi, size_t *pos,
		    const char **entry)
{
	size_t len;

	while (*pos < mi->info_size && mi->info[*pos] == '\0')
		(*pos)++;
	if (*pos >= mi->info_size)
		return 0;
	*entry = mi->info + *pos;
	len = strnlen(*entry, mi->info_size - *pos);
	if (*pos + len >= mi->info_size)
		return 0;	/* unterminated tail: ignore it */
	*pos += len + 1;
	return 1;
}

const char *kp_modinfo_get(const struct kp_modinfo *mi, const char *key)
{
	size_t pos = 0, klen = strlen(key);
	const char *e;

	while (kp_modinfo_next(mi, &pos, &e))
		if (!strncmp(e, key, klen) && e[klen] == '=')
			return e + klen + 1;
	return NULL;
}

/*
 * vermagic starts with the release the module was built for. With
 * MODVERSIONS the kernel itself skips that word, so this is the only place
 * a patch for another kernel build is caught before it is applied.
 */
int kp_check_vermagic(const char *path, const struct kp_modinfo *mi,
		      const char *release)
{
	const char *vm = kp_modinfo_get(mi, "vermagic");
	size_t n;

	if (!vm) {
		kp_err("%s: not a kernel module (no vermagic in .modinfo)", path);
		return -EINVAL;
	}
	n = strcspn(vm, " ");
	if (n == strlen(release) && !strncmp(vm, release, n))
		return 0;
	kp_err("%s was built for kernel %.*s, not for %s; rebuild it for that kernel",
	       path, (int)n, vm, release);
	return -EINVAL;
}

/* modpost records name=; fall back to the file name for hand-made files. */
void kp_modinfo_name(const char *path, const struct kp_modinfo *mi, char *name)
{
	const char *n = kp_modinfo_get(mi, "name");

	kp_module_name(n && *n ? n : path, name);
}

/*
 * The check every command makes before touching a module file: read its
 * name into NAME and refuse it unless it was built for RELEASE.
 */
int kp_module_identify(const char *path, const char *release, char *name)
{
	return kp_module_identify_sum(path, release, name, NULL, 0);
}

/* As kp_module_identify, and the file's checksum ("" if none) into sum. */
int kp_module_identify_sum(const char *path, const char *release, char *name,
			   char *sum, size_t size)
{
	struct kp_modinfo mi;
	int ret;

	ret = kp_modinfo_open(path, &mi);
	if (ret)
		return ret;
	ret = kp_check_vermagic(path, &mi, release);
	kp_modinfo_name(path, &mi, name);
	if (sum)
		snprintf(sum, size, "%s", mi.checksum ? mi.checksum : "");
	kp_modinfo_close(&mi);
	return ret;
}
