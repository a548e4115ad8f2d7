// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol lookup and verification for kpatch.ko. Neither 6.1 nor 6.12
 * exports a symbol lookup; compat.c iterates kallsyms (to honour sympos),
 * and every result is checked with the exported sprint_symbol (name,
 * offset 0 and size) before it is used.
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <asm/page_types.h>
#include "compat.h"
#include "internal.h"

#ifndef CONFIG_KPROBES
#error "kpatch.ko needs CONFIG_KPROBES=y: the kernel exports no symbol lookup, and kpatch.ko finds kallsyms_on_each_symbol through a kprobe"
#endif

/* How far KASLR moved vmlinux, found once at load. */
static unsigned long kaslr;
/* idle_task(cpu), not exported: each CPU's idle task for the stack check. */
static struct task_struct *(*idle_task_fn)(int cpu);
/* vmlinux's ftrace trampolines and list function (switch.c). */
static struct { unsigned long start, end; } ftrace_code[2];

/* The queries of one pass, sorted by name for a binary search. */
struct sym_batch {
	struct kpatch_sym_query **q;
	int n;
	const char *modname;		/* NULL: vmlinux */
};

static int match_batch(void *data, const char *name, struct module *mod,
		       unsigned long addr)
{
	struct sym_batch *b = data;
	int lo = 0, hi = b->n, mid;

	if (b->modname ? !mod || strcmp(mod->name, b->modname) : !!mod)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(b->q[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Several queries may ask for the same name at other positions. */
	for (; lo < b->n && !strcmp(b->q[lo]->name, name); lo++) {
		struct kpatch_sym_query *s = b->q[lo];

		s->count++;
		if (!s->addr && (s->sympos == 0 || s->count == s->sympos))
			s->addr = addr;
	}
	return 0;
}

static int cmp_query(const void *a, const void *b)
{
	const struct kpatch_sym_query *x = *(const struct kpatch_sym_query **)a;
	const struct kpatch_sym_query *y = *(const struct kpatch_sym_query **)b;

	return strcmp(x->name, y->name);
}

static int check_query(const char *objname, struct kpatch_sym_query *s)
{
	if (!s->addr) {
		pr_err("kpatch: %s (sympos %lu): not found in %s\n", s->name,
		       s->sympos, objname);
		return -ENOENT;
	}
	if (s->count > 1 && !s->sympos) {
		pr_err("kpatch: %s: occurs %lu times in %s, sympos needed\n",
		       s->name, s->count, objname);
		return -EINVAL;
	}
	return 0;
}

/*
 * Resolve n queries in objname with one pass over kallsyms: each gets the
 * sympos-th of its same-named symbols in kallsyms order (address order for
 * vmlinux, the module's symtab order for a module, as create-diff-object
 * counts), or the only one when sympos is 0. On failure *bad is the first
 * query that failed. A module's symbols are found from the time it is
 * COMING (its init symbols included) until it is freed.
 */
static int find_symbols(const char *objname, struct kpatch_sym_query *qs,
			int n, int *bad, bool check)
{
	struct kpatch_sym_query *one[1];
	struct sym_batch b = { .q = one, .n = n };
	int i, ret = 0;

	*bad = 0;
	if (strcmp(objname, "vmlinux"))
		b.modname = objname;
	if (n > 1) {
		b.q = kmalloc_array(n, sizeof(*b.q), GFP_KERNEL);
		if (!b.q)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		qs[i].count = 0;
		qs[i].addr = 0;
		b.q[i] = &qs[i];
	}
	sort(b.q, n, sizeof(*b.q), cmp_query, NULL);
	if (n && b.modname)
		kpatch_each_module_symbol(match_batch, &b);
	else if (n)
		kpatch_each_vmlinux_symbol(match_batch, &b);
	for (i = 0; i < n && !ret && check; i++) {
		ret = check_query(objname, &qs[i]);
		if (ret)
			*bad = i;
	}
	if (b.q != one)
		kfree(b.q);
	return ret;
}

int kpatch_find_symbols(const char *objname, struct kpatch_sym_query *qs,
			int n, int *bad)
{
	return find_symbols(objname, qs, n, bad, true);
}

/* Counts and addresses only: the caller judges what was (not) found. */
void kpatch_count_symbols(const char *objname, struct kpatch_sym_query *qs,
			  int n)
{
	int bad;

	find_symbols(objname, qs, n, &bad, false);
}

int kpatch_find_symbol(const char *objname, const char *name,
		       unsigned long sympos, unsigned long *addr)
{
	struct kpatch_sym_query q = { .name = name, .sympos = sympos };
	int bad, ret;

	ret = kpatch_find_symbols(objname, &q, 1, &bad);
	if (!ret)
		*addr = q.addr;
	return ret;
}

/*
 * The build records the ELF symbol size; kallsyms only knows the distance
 * to the next symbol, which adds the padding that aligns it (none at -Os,
 * up to 15 bytes at -O2's 16-byte alignment, 63 at most for 64).
 */
#define KPATCH_MAX_FUNC_PADDING 64

static bool size_matches(unsigned long recorded, unsigned long found)
{
	return found >= recorded && found - recorded < KPATCH_MAX_FUNC_PADDING;
}

/*
 * The kallsyms size of the symbol starting at addr, parsed from
 * "name+0xOFF/0xSIZE [module]" as sprint_symbol prints it; -EINVAL unless
 * addr is the symbol's start (and, given name, the symbol is name).
 */
static int sym_at(unsigned long addr, const char *name, unsigned long *size,
		  char *buf)
{
	unsigned long off = 1;
	char *plus;

	sprint_symbol(buf, addr);
	plus = strrchr(buf, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &off, size) != 2)
		return -EINVAL;
	*plus = '\0';
	return off || (name && strcmp(buf, name)) ? -EINVAL : 0;
}

int kpatch_sym_size(unsigned long addr, const char *name, unsigned long *size)
{
	char buf[KSYM_SYMBOL_LEN];

	return sym_at(addr, name, size, buf);
}

static int verify(struct kpatch_func *f)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long size;

	if (sym_at(f->addr, f->name, &size, buf)) {
		pr_err("kpatch: %s: the address found is %s, not the symbol's start\n",
		       f->name, kpatch_place(buf, f->addr));
		return -EINVAL;
	}
	if (f->old_size && !size_matches(f->old_size, size)) {
		pr_err("kpatch: %s: size mismatch: expected 0x%lx (plus alignment padding), found 0x%lx\n",
		       f->name, f->old_size, size);
		return -EINVAL;
	}
	f->size = size;
	return 0;
}

/*
 * The replacement must start a symbol of the patch module's own text (not
 * its init text, which is freed after registration), and the record's
 * size, if any, must lie inside the module. The activeness check then uses the
 * symbol's kallsyms extent: a hand-written or stale new_size could reach
 * into the next function (a false "busy") or stop short of the end (a
 * missed task).
 */
static int verify_new(struct kpatch_patch *p, struct kpatch_func *f)
{
	unsigned long end = f->new_addr + f->new_size, size;
	char buf[KSYM_SYMBOL_LEN];

	/* A size of 0 (hand-written patches) leaves it to kallsyms. */
	if ((!f->new_size || (end > f->new_addr &&
			      within_module_core(end - 1, p->mod))) &&
	    within_module_core(f->new_addr, p->mod) &&
	    !sym_at(f->new_addr, NULL, &size, buf) &&
	    within_module_core(f->new_addr + size - 1, p->mod)) {
		f->new_size = size;
		return 0;
	}
	pr_err("kpatch: %s: replacement at %s (size 0x%lx) is not a function of %s's text\n",
	       f->name, kpatch_place(buf, f->new_addr), f->new_size,
	       p->mod->name);
	return -EINVAL;
}

/*
 * The recorded old_addr is the build's address for vmlinux (moved by
 * KASLR; 0 when the build did not record it) and the offset from the
 * module's .text for a module, which the module loader places first in
 * the module's core text; a module offset is always checked, 0 included.
 */
int kpatch_resolve_func(struct kpatch_patch *p, struct kpatch_object *obj,
			struct kpatch_func *f)
{
	unsigned long base = kaslr;
	int ret;

	ret = verify_new(p, f);
	if (ret)
		return ret;
	ret = kpatch_find_symbol(obj->name, f->name, f->sympos, &f->addr);
	if (ret)
		return ret;
	if (obj->mod)
		base = kpatch_module_text_base(obj->mod);
	if ((!obj->mod && !f->old_addr) || f->old_addr + base == f->addr)
		return verify(f);
	/* As offsets from the start of the text: no address, no KASLR. */
	if (obj->mod)
		pr_err("kpatch: %s: address mismatch in %s: expected .text+0x%lx, found .text+0x%lx\n",
		       f->name, obj->name, f->old_addr, f->addr - base);
	else
		pr_err("kpatch: %s: address mismatch: expected _text+0x%lx, found _text+0x%lx\n",
		       f->name, f->old_addr - __START_KERNEL,
		       f->addr - kaslr - __START_KERNEL);
	return -EINVAL;
}

struct mod_key {
	const char *name;
	struct module *mod;
	enum module_state state;
};

/* Runs under RCU-sched (compat.c); mod->state is a snapshot. */
static int match_module(void *data, const char *name, struct module *mod,
			unsigned long addr)
{
	struct mod_key *k = data;

	if (!mod || strcmp(mod->name, k->name))
		return 0;
	k->mod = mod;
	k->state = mod->state;
	return 1;
}

/*
 * The module named name if it has any symbol (any state but UNFORMED),
 * and its state: the kernel exports no other way to find it. The
 * caller relies on the GOING notifier, which waits for kpatch_mutex, to
 * keep the module from being freed while it uses it.
 */
struct module *kpatch_find_module(const char *name, enum module_state *state)
{
	struct mod_key k = { .name = name };

	kpatch_each_module_symbol(match_module, &k);
	*state = k.state;
	return k.mod;
}

struct task_struct *kpatch_idle_task(int cpu)
{
	return idle_task_fn(cpu);
}

bool kpatch_ftrace_static(int i, unsigned long *start, unsigned long *end)
{
	if (i >= ARRAY_SIZE(ftrace_code) || !ftrace_code[i].start)
		return false;
	*start = ftrace_code[i].start;
	*end = ftrace_code[i].end;
	return true;
}

/*
 * ftrace_caller .. ftrace_regs_caller_end (ftrace_64.S: the generic
 * trampolines, ftrace_stub between them) and the list function they call
 * when several ops share an address. Missing ones are simply not checked
 * (another ftrace configuration); the per-ops trampolines are in ops.c.
 */
static void find_ftrace_code(void)
{
	unsigned long a, b, size;

	if (!kpatch_find_symbol("vmlinux", "ftrace_caller", 0, &a) &&
	    !kpatch_find_symbol("vmlinux", "ftrace_regs_caller_end", 0, &b) &&
	    b > a) {
		ftrace_code[0].start = a;
		ftrace_code[0].end = b;
	}
	if (!kpatch_find_symbol("vmlinux", "arch_ftrace_ops_list_func", 0,
				&a) && !kpatch_sym_size(a, NULL, &size)) {
		ftrace_code[1].start = a;
		ftrace_code[1].end = a + size;
	}
}

/* _text is not exported; its link address is __START_KERNEL. */
static int find_kaslr(void)
{
	unsigned long text;
	int ret = kpatch_find_symbol("vmlinux", "_text", 0, &text);

	if (!ret)
		kaslr = text - __START_KERNEL;
	return ret;
}

int kpatch_symbols_init(void)
{
	unsigned long addr;
	int ret = kpatch_compat_init();

	if (ret)
		return ret;
	if (kpatch_find_symbol("vmlinux", "idle_task", 0, &addr))
		return -ENOENT;
	ret = kpatch_compat_callable("idle_task", addr);
	if (ret)
		return ret;
	idle_task_fn = (void *)addr;
	find_ftrace_code();
	return find_kaslr();
}
