// SPDX-License-Identifier: GPL-2.0
/*
 * Relocations the module loader cannot do: references from a patch module
 * to symbols that are not exported. create-diff-object leaves the bytes at
 * each such place zero and describes it in a kpatch_reloc; the core finds
 * the symbol with kallsyms and writes the value here, at registration,
 * before any call is redirected to the patch.
 *
 * How the write gets through: by the time a module's init runs (and so
 * kpatch_register), the loader has already made the module's text and
 * rodata read-only, and 6.1 exports neither set_memory_rw() nor
 * text_poke(). Module memory is vmalloc memory, though, so the page under
 * the destination is found with vmalloc_to_page() and mapped a second time,
 * writable, with vmap(..., PAGE_KERNEL); the value is written through that
 * temporary alias and the alias is unmapped. The read-only mapping stays
 * untouched. No CPU can be executing the rewritten bytes: the new code is
 * only reached once ftrace redirects to it, which happens later, inside
 * stop_machine(), whose interrupt returns serialise every CPU.
 *
 * Relocations against a module's symbols are written when that module
 * comes and zeroed again when it goes (kpatch_clear_relocs), so each load
 * of the module starts from the same zeroed places with its new addresses.
 * Only places inside the patch module that were checked and written are
 * ever zeroed: obj->nr_relocs_written counts them, in order.
 */
#include <linux/elf.h>
#include <linux/kallsyms.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "internal.h"

/* Copy len bytes to dest through a writable alias of its page(s). */
static int poke(unsigned long dest, const void *src, size_t len)
{
	unsigned long base = dest & PAGE_MASK;
	struct page *pages[2];
	int i, nr = ((dest + len - 1) & PAGE_MASK) == base ? 1 : 2;
	void *alias;

	for (i = 0; i < nr; i++) {
		pages[i] = vmalloc_to_page((void *)(base + i * PAGE_SIZE));
		if (!pages[i])
			return -EFAULT;
	}
	alias = vmap(pages, nr, VM_MAP, PAGE_KERNEL);
	if (!alias)
		return -ENOMEM;
	memcpy(alias + offset_in_page(dest), src, len);
	vunmap(alias);
	return 0;
}

static bool fits_s32(s64 v)
{
	return v == (s32)v;
}

/*
 * Compute the value of one relocation against the symbol's address sym and
 * its width; -ERANGE when it does not fit, -EINVAL for an unknown type.
 */
static int reloc_value(struct kpatch_reloc *r, unsigned long sym, u64 *val,
		       size_t *len)
{
	u64 v = sym + r->addend;

	*len = 4;
	switch (r->type) {
	case R_X86_64_64:
		*len = 8;
		break;
	case R_X86_64_PC64:
		v -= r->dest;
		*len = 8;
		break;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		v -= r->dest;
		if (!fits_s32(v))
			return -ERANGE;
		break;
	case R_X86_64_32:
		if (v != (u32)v)
			return -ERANGE;
		break;
	case R_X86_64_32S:
		if (!fits_s32(v))
			return -ERANGE;
		break;
	default:
		return -EINVAL;
	}
	*val = v;
	return 0;
}

/*
 * addr for the kernel log: as symbol+offset [module], or "<no symbol>";
 * never the address itself (KASLR), nor the size, which kallsyms makes
 * up for a module's last symbol.
 */
const char *kpatch_place(char *buf, unsigned long addr)
{
	char *size, *end;

	sprint_symbol(buf, addr);
	if (!strncmp(buf, "0x", 2)) {
		strscpy(buf, "<no symbol>", KSYM_SYMBOL_LEN);
		return buf;
	}
	size = strrchr(buf, '/');
	if (size) {
		end = strchrnul(size, ' ');
		memmove(size, end, strlen(end) + 1);
	}
	return buf;
}

static int apply_one(struct kpatch_patch *p, struct kpatch_reloc *r,
		     unsigned long sym)
{
	char buf[KSYM_SYMBOL_LEN];
	size_t len;
	u64 val, old = 0;
	int ret;

	ret = reloc_value(r, sym, &val, &len);
	if (ret == -ERANGE)
		pr_err("kpatch: %s: reloc type %lu to %s at %s overflows\n",
		       p->mod->name, r->type, r->name, kpatch_place(buf, r->dest));
	else if (ret)
		pr_err("kpatch: %s: reloc to %s has unsupported type %lu\n",
		       p->mod->name, r->name, r->type);
	if (ret)
		return ret;
	if (!within_module(r->dest, p->mod) ||
	    !within_module(r->dest + len - 1, p->mod)) {
		pr_err("kpatch: %s: reloc to %s at %s is outside the module\n",
		       p->mod->name, r->name, kpatch_place(buf, r->dest));
		return -EINVAL;
	}
	/*
	 * x86_64 uses RELA, so the place of a relocation the loader did not
	 * touch holds zero; anything else means a second writer.
	 */
	memcpy(&old, (void *)r->dest, len);
	if (old) {
		pr_err("kpatch: %s: reloc to %s: %s is not a zeroed place\n",
		       p->mod->name, r->name, kpatch_place(buf, r->dest));
		return -EINVAL;
	}
	/* Little-endian: the low len bytes of val are the value. */
	return poke(r->dest, &val, len);
}

/* All symbols of the object are looked up in one pass, then written. */
int kpatch_apply_relocs(struct kpatch_patch *p, struct kpatch_object *obj)
{
	struct kpatch_sym_query *q;
	int i, bad, ret;

	if (!obj->nr_relocs)
		return 0;
	q = kcalloc(obj->nr_relocs, sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	for (i = 0; i < obj->nr_relocs; i++) {
		q[i].name = obj->relocs[i].name;
		q[i].sympos = obj->relocs[i].sympos;
	}
	obj->nr_relocs_written = 0;
	ret = kpatch_find_symbols(obj->name, q, obj->nr_relocs, &bad);
	for (i = 0; i < obj->nr_relocs && !ret; i++) {
		ret = apply_one(p, &obj->relocs[i], q[i].addr);
		if (ret)
			bad = i;
		else
			obj->nr_relocs_written = i + 1;
	}
	if (ret)
		pr_err("kpatch: %s: cannot resolve %s in %s\n", p->mod->name,
		       obj->relocs[bad].name, obj->name);
	kfree(q);
	return ret;
}

/*
 * Zero the places written, while the module the symbols belong to goes (or
 * the load failed): its next load writes them afresh. The replacements
 * that use them are off by then (GOING, after the object was unpatched).
 */
void kpatch_clear_relocs(struct kpatch_object *obj)
{
	static const u64 zero;
	char buf[KSYM_SYMBOL_LEN];
	int i, n = obj->nr_relocs_written;

	obj->nr_relocs_written = 0;
	for (i = 0; i < n; i++) {
		struct kpatch_reloc *r = &obj->relocs[i];
		size_t len = r->type == R_X86_64_64 ||
			     r->type == R_X86_64_PC64 ? 8 : 4;

		if (poke(r->dest, &zero, len))
			pr_err("kpatch: cannot clear reloc to %s at %s\n",
			       r->name, kpatch_place(buf, r->dest));
	}
}
