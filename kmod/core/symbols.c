// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol lookup and verification for kpatch.ko. 6.1 exports neither
 * kallsyms_lookup_name nor kallsyms_on_each_symbol, so their addresses are
 * taken once from a kprobe registered on each; lookups then use the kernel's
 * own iterator (to honour sympos), and every result is checked with the
 * exported sprint_symbol (name, offset 0 and size) before it is used.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/string.h>
#include "internal.h"

typedef int (*each_sym_cb)(void *, const char *, struct module *,
			   unsigned long);
static int (*each_symbol)(each_sym_cb fn, void *data);
/* How far KASLR moved vmlinux, found once at load. */
static unsigned long kaslr;

static unsigned long probe_addr(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr;

	if (register_kprobe(&kp))
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return addr;
}

struct sym_search {
	const char *name;
	unsigned long sympos;
	unsigned long count;
	unsigned long addr;
};

static int match_sym(void *data, const char *name, struct module *mod,
		     unsigned long addr)
{
	struct sym_search *s = data;

	if (mod || strcmp(name, s->name))
		return 0;
	s->count++;
	if (!s->addr && (s->sympos == 0 || s->count == s->sympos))
		s->addr = addr;
	return 0;
}

/* Parse "name+0xOFF/0xSIZE" as printed by sprint_symbol. */
static int verify(struct kpatch_func *f)
{
	char buf[KSYM_SYMBOL_LEN], *plus;
	unsigned long off, size;

	sprint_symbol(buf, f->addr);
	plus = strrchr(buf, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &off, &size) != 2)
		goto bad;
	*plus = '\0';
	if (strcmp(buf, f->name) || off)
		goto bad;
	if (f->old_size && size != f->old_size) {
		pr_err("kpatch: %s: size mismatch: expected 0x%lx, found 0x%lx\n",
		       f->name, f->old_size, size);
		return -EINVAL;
	}
	f->size = size;
	return 0;
bad:
	pr_err("kpatch: %s: address 0x%lx resolves to %s+0x%lx, not the symbol\n",
	       f->name, f->addr, buf, off);
	return -EINVAL;
}

/*
 * Find name in objname: the sympos-th of its same-named symbols in kallsyms
 * order (address order for vmlinux, as create-diff-object counts), or the
 * only one when sympos is 0. Modules are not searched yet.
 */
int kpatch_find_symbol(const char *objname, const char *name,
		       unsigned long sympos, unsigned long *addr)
{
	struct sym_search s = { .name = name, .sympos = sympos };

	if (strcmp(objname, "vmlinux"))
		return -EOPNOTSUPP;
	each_symbol(match_sym, &s);
	if (!s.addr) {
		pr_err("kpatch: %s (sympos %lu): not found in %s\n", name,
		       sympos, objname);
		return -ENOENT;
	}
	if (s.count > 1 && !sympos) {
		pr_err("kpatch: %s: occurs %lu times in %s, sympos needed\n",
		       name, s.count, objname);
		return -EINVAL;
	}
	*addr = s.addr;
	return 0;
}

int kpatch_resolve_func(struct kpatch_func *f)
{
	int ret;

	ret = kpatch_find_symbol("vmlinux", f->name, f->sympos, &f->addr);
	if (ret)
		return ret;
	if (f->old_addr && f->old_addr + kaslr != f->addr) {
		pr_err("kpatch: %s: address mismatch: expected 0x%lx (+KASLR 0x%lx), found 0x%lx\n",
		       f->name, f->old_addr, kaslr, f->addr);
		return -EINVAL;
	}
	return verify(f);
}

/* _text is not exported; its link address is the default base. */
static int find_kaslr(void)
{
	unsigned long text;
	int ret = kpatch_find_symbol("vmlinux", "_text", 0, &text);

	if (!ret)
		kaslr = text - 0xffffffff81000000UL;
	return ret;
}

int kpatch_symbols_init(void)
{
	each_symbol = (void *)probe_addr("kallsyms_on_each_symbol");
	if (!each_symbol) {
		pr_err("kpatch: cannot locate kallsyms_on_each_symbol\n");
		return -ENOENT;
	}
	return find_kaslr();
}
