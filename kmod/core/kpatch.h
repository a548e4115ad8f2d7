/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The API patch modules use to hand their functions to kpatch.ko: a patch
 * has objects (only "vmlinux" for now), each object has functions to
 * replace. The core owns everything after the "core-private" markers.
 */
#ifndef _KPATCH_CORE_H_
#define _KPATCH_CORE_H_

#include <linux/ftrace.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/module.h>

struct kpatch_func {
	unsigned long new_addr;
	unsigned long new_size;
	unsigned long old_addr;		/* build-time address, 0 = unknown */
	unsigned long old_size;
	unsigned long sympos;		/* 1-based among same names, 0 = unique */
	const char *name;
	bool force;			/* skip the activeness check */
	/* core-private */
	unsigned long addr;		/* resolved run-time address */
	unsigned long size;		/* size found by kallsyms */
	bool active;			/* handler redirects only when set */
	struct ftrace_ops ops;
};

struct kpatch_object {
	const char *name;		/* "vmlinux" */
	struct kpatch_func *funcs;
	int nr_funcs;
};

struct kpatch_patch {
	struct module *mod;
	struct kpatch_object *objs;
	int nr_objs;
	bool replace;
	/* core-private */
	struct list_head list;
	struct kobject kobj;
	bool enabled;
	u64 last_window_ns;
};

int kpatch_register(struct kpatch_patch *patch);
void kpatch_unregister(struct kpatch_patch *patch);

#endif /* _KPATCH_CORE_H_ */
