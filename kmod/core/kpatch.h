/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The API patch modules use to hand their functions to kpatch.ko: a patch
 * has objects ("vmlinux" or a module), each object has functions to
 * replace, relocations for the core to resolve, and the author's hooks and
 * callbacks. The core owns everything after the "core-private" markers.
 */
#ifndef _KPATCH_CORE_H_
#define _KPATCH_CORE_H_

#include <linux/completion.h>
#include <linux/ftrace.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>

struct kpatch_patch;
struct kpatch_ops;

#define KPATCH_COLD_NONE	(~0UL)	/* kpatch_func.cold_sympos: none */

struct kpatch_func {
	unsigned long new_addr;
	unsigned long new_size;		/* the core sets the kallsyms extent */
	/*
	 * vmlinux: the build-time address (0 = not recorded: name, offset
	 * and size are still verified); a module: the offset in its .text,
	 * always verified, 0 included.
	 */
	unsigned long old_addr;
	unsigned long old_size;
	unsigned long sympos;		/* 1-based among same names, 0 = unique */
	/*
	 * The original's NAME.cold part: its 1-based position among the
	 * object's NAME.cold symbols (as sympos, but never 0 when recorded),
	 * KPATCH_COLD_NONE when the function has none, 0 when not recorded
	 * (then it is found only if NAME and NAME.cold are both unique).
	 */
	unsigned long cold_sympos;
	const char *name;
	bool force;			/* skip the activeness check */
	/* core-private */
	unsigned long addr;		/* resolved run-time address */
	unsigned long size;		/* size found by kallsyms */
	/* The original's and the replacement's .cold parts (0: none). */
	unsigned long cold_addr, cold_size;
	unsigned long new_cold_addr, new_cold_size;
	/*
	 * Whether the handler redirects, in each of the two generations
	 * (internal.h: kpatch_func_active); a switch fills the idle one and
	 * flips the generation in one store.
	 */
	bool active[2];
	bool want;			/* active after the transition */
	struct kpatch_patch *patch;
	struct kpatch_ops *kops;	/* the ftrace ops of addr (ops.c) */
	struct list_head stack_node;	/* in kops's stack, newest first */
};

/*
 * A place in the patch module that refers to a symbol the module loader
 * cannot resolve (not exported). The core writes the value of relocation
 * `type` (R_X86_64_*) for the symbol `name` of the object this reloc is
 * listed under, plus addend, at dest.
 */
struct kpatch_reloc {
	unsigned long dest;
	unsigned long type;
	unsigned long sympos;		/* 1-based among same names, 0 = unique */
	long addend;
	const char *name;
	const char *objname;		/* object that defines the symbol */
};

struct kpatch_object;

/* The four livepatch-style callbacks; any may be NULL. */
struct kpatch_callbacks {
	int (*pre_patch)(struct kpatch_object *obj);	/* error aborts */
	void (*post_patch)(struct kpatch_object *obj);
	void (*pre_unpatch)(struct kpatch_object *obj);
	void (*post_unpatch)(struct kpatch_object *obj);
};

typedef void (*kpatch_hook_fn)(void);

struct kpatch_object {
	const char *name;		/* "vmlinux" or a module's name */
	struct kpatch_func *funcs;
	int nr_funcs;
	struct kpatch_reloc *relocs;	/* symbols defined by this object */
	int nr_relocs;
	/* Run inside stop_machine() right after the switch / before it. */
	kpatch_hook_fn *load_hooks;
	int nr_load_hooks;
	kpatch_hook_fn *unload_hooks;
	int nr_unload_hooks;
	struct kpatch_callbacks callbacks;
	/* core-private */
	struct module *mod;		/* NULL for vmlinux */
	bool loaded;			/* resolved, relocated, on the stacks */
	int nr_relocs_written;		/* relocs[0..n) checked and written */
};

struct kpatch_patch {
	struct module *mod;
	struct kpatch_object *objs;
	int nr_objs;
	bool replace;
	const char *checksum;		/* kpatch-build's, NULL if none */
	/* core-private */
	struct list_head list;
	struct kobject kobj;
	struct completion kobj_released;	/* sysfs is done with kobj */
	bool enabled;
	bool dead;			/* registration failed: no more enables */
	bool forced;			/* applied with a forced function */
	u64 last_window_ns;
	unsigned int last_retries;	/* stop_machine tries beyond the first */
	pid_t busy_pid;			/* the task that blocked the last try */
	char busy_comm[TASK_COMM_LEN];
	const char *busy_func;
	const char *last_event;		/* timeline name of the last event */
	time64_t last_event_time;	/* its wall-clock seconds */
};

int kpatch_register(struct kpatch_patch *patch);
void kpatch_unregister(struct kpatch_patch *patch);

/*
 * Shadow variables (shadow.c): size bytes attached to obj under id. The
 * constructor runs once, under a spinlock, before anyone else can see the
 * data; a non-zero return drops it. The destructor runs when it is freed.
 * Same contract as the kernel's klp_shadow_*.
 */
typedef int (*kpatch_shadow_ctor_t)(void *obj, void *shadow_data,
				    void *ctor_data);
typedef void (*kpatch_shadow_dtor_t)(void *obj, void *shadow_data);

void *kpatch_shadow_get(void *obj, unsigned long id);
void *kpatch_shadow_alloc(void *obj, unsigned long id, size_t size,
			  gfp_t gfp, kpatch_shadow_ctor_t ctor,
			  void *ctor_data);
void *kpatch_shadow_get_or_alloc(void *obj, unsigned long id, size_t size,
				 gfp_t gfp, kpatch_shadow_ctor_t ctor,
				 void *ctor_data);
void kpatch_shadow_free(void *obj, unsigned long id,
			kpatch_shadow_dtor_t dtor);
void kpatch_shadow_free_all(unsigned long id, kpatch_shadow_dtor_t dtor);

#endif /* _KPATCH_CORE_H_ */
