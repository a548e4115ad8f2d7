/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared between the files of kpatch.ko and nothing else.
 */
#ifndef _KPATCH_INTERNAL_H_
#define _KPATCH_INTERNAL_H_

#include "kpatch.h"

int kpatch_symbols_init(void);
/* A symbol to look up; count and addr are the answer. */
struct kpatch_sym_query {
	const char *name;
	unsigned long sympos;
	unsigned long count;
	unsigned long addr;
};

int kpatch_find_symbols(const char *objname, struct kpatch_sym_query *qs,
			int n, int *bad);
void kpatch_count_symbols(const char *objname, struct kpatch_sym_query *qs,
			  int n);
int kpatch_find_symbol(const char *objname, const char *name,
		       unsigned long sympos, unsigned long *addr);
int kpatch_resolve_func(struct kpatch_patch *p, struct kpatch_object *obj,
			struct kpatch_func *f);
int kpatch_find_colds(struct kpatch_patch *p, struct kpatch_object *obj,
		      int *bad);
unsigned long kpatch_handler_addr(void);
struct task_struct *kpatch_idle_task(int cpu);
int kpatch_ops_trampolines(void (*fn)(void *, unsigned long, unsigned long),
			   void *data);
int kpatch_sym_size(unsigned long addr, const char *name, unsigned long *size);
bool kpatch_ftrace_static(int i, unsigned long *start, unsigned long *end);
struct module *kpatch_find_module(const char *name, enum module_state *state);
void kpatch_clear_relocs(struct kpatch_object *obj);
const char *kpatch_place(char *buf, unsigned long addr);	/* relocs.c */
int kpatch_load_object(struct kpatch_patch *p, struct kpatch_object *obj,
		       struct module *mod);
void kpatch_unload_object(struct kpatch_object *obj);
int kpatch_obj_pre_patch(struct kpatch_patch *p, struct kpatch_object *obj);
void kpatch_obj_post_patch(struct kpatch_object *obj);
void kpatch_obj_pre_unpatch(struct kpatch_object *obj);
void kpatch_obj_post_unpatch(struct kpatch_object *obj);
int kpatch_module_init(void);
void kpatch_module_exit(void);
int kpatch_early_init(void);
void kpatch_early_exit(void);
void kpatch_switchlog_exit(void);	/* switchlog.c */
int kpatch_tasks_init(void);		/* tasks.c */
void kpatch_tasks_exit(void);
int kpatch_exits_init(void);		/* exits.c */
void kpatch_exits_exit(void);
bool kpatch_module_seen_coming(struct module *mod);
int kpatch_apply_relocs(struct kpatch_patch *patch,
			struct kpatch_object *obj);
int kpatch_switch(struct kpatch_patch *patch, bool enable);
int kpatch_ops_add_object(struct kpatch_patch *p, struct kpatch_object *obj);
void kpatch_ops_del_object(struct kpatch_object *obj);
struct kpatch_func *kpatch_ops_top(struct kpatch_func *f, bool after);
struct kpatch_func *kpatch_ops_newer_active(struct kpatch_func *f);
int kpatch_enable(struct kpatch_patch *patch);
void kpatch_pin_if_forced(struct kpatch_patch *p, struct kpatch_object *obj);
int kpatch_disable(struct kpatch_patch *patch);
int kpatch_sysfs_init(void);
void kpatch_sysfs_exit(void);
int kpatch_sysfs_add(struct kpatch_patch *patch);
void kpatch_sysfs_del(struct kpatch_patch *patch);
void kpatch_shadow_exit(void);

enum kpatch_event_type {
	KP_EV_LOAD, KP_EV_APPLY, KP_EV_REVERT, KP_EV_REPLACE, KP_EV_UNLOAD,
	KP_EV_MODULE_APPLY, KP_EV_MODULE_DROP, KP_EV_REFUSE, KP_EV_FAIL,
};

void kpatch_timeline_add(enum kpatch_event_type type, struct kpatch_patch *p,
			 const char *obj, int ret, const char *detail);
int kpatch_timeline_init(struct kobject *root);
size_t kpatch_copy_slice(char *out, loff_t pos, size_t count, size_t *at,
			 const char *line, size_t len);
void kpatch_timeline_exit(struct kobject *root);

extern struct mutex kpatch_mutex;
void kpatch_lock_for_module(void);
bool kpatch_retry_pause(unsigned int ms);
extern struct list_head kpatch_patches;
/* Which of kpatch_func.active[] is current; flipped inside stop_machine(). */
extern unsigned int kpatch_gen;
/* The generation before the switch in progress, for NMIs (ops.c). */
extern unsigned int kpatch_prev_gen;
/* 0, or a switch is flipping the generation, or an NMI saw it do so. */
enum { KP_SWITCHING = 1, KP_SWITCH_NMI = 2 };
extern atomic_t kpatch_switching;

static inline bool kpatch_func_active(const struct kpatch_func *f)
{
	return READ_ONCE(f->active[READ_ONCE(kpatch_gen) & 1]);
}

/* Outside a switch (kpatch_mutex held): both generations at once. */
static inline void kpatch_func_set_active(struct kpatch_func *f, bool on)
{
	WRITE_ONCE(f->active[0], on);
	WRITE_ONCE(f->active[1], on);
}

/* The function after f (NULL: the first) of patch p; *o is f's object. */
static inline struct kpatch_func *
kpatch_next_func(struct kpatch_patch *p, struct kpatch_object **o,
		 struct kpatch_func *f)
{
	if (f && ++f < (*o)->funcs + (*o)->nr_funcs)
		return f;
	if (f)
		(*o)++;
	for (; *o < p->objs + p->nr_objs; (*o)++)
		if ((*o)->loaded && (*o)->nr_funcs)
			return (*o)->funcs;
	return NULL;
}

/* Every function of a patch's loaded objects, object by object. */
#define kpatch_for_each_func(p, o, f) \
	for (o = (p)->objs, f = kpatch_next_func(p, &o, NULL); f; \
	     f = kpatch_next_func(p, &o, f))

#endif /* _KPATCH_INTERNAL_H_ */
