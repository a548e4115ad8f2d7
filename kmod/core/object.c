// SPDX-License-Identifier: GPL-2.0
/*
 * One object of a patch (vmlinux or a module) and its life: loading it
 * (resolve and verify its functions, write the relocations against its
 * symbols, push its functions on the ftrace stacks, all inactive) and
 * unloading it, plus the author's per-object callbacks. vmlinux is loaded
 * at registration; a module object when its module is there, which may be
 * at registration or any number of times later (module.c).
 */
#include <linux/module.h>
#include "internal.h"

int kpatch_load_object(struct kpatch_patch *p, struct kpatch_object *obj,
		       struct module *mod)
{
	int i, ret;

	obj->mod = mod;
	for (i = 0; i < obj->nr_funcs; i++) {
		ret = kpatch_resolve_func(p, obj, &obj->funcs[i]);
		if (ret) {
			kpatch_timeline_add(KP_EV_FAIL, p, obj->name, ret,
					    obj->funcs[i].name);
			goto fail;
		}
	}
	ret = obj->nr_funcs ? kpatch_find_colds(p, obj, &i) : 0;
	if (ret) {
		kpatch_timeline_add(KP_EV_FAIL, p, obj->name, ret,
				    obj->funcs[i].name);
		goto fail;
	}
	ret = kpatch_apply_relocs(p, obj);
	if (ret) {
		kpatch_timeline_add(KP_EV_FAIL, p, obj->name, ret,
				    "relocations");
		goto fail_relocs;
	}
	ret = kpatch_ops_add_object(p, obj);
	if (ret) {
		kpatch_timeline_add(KP_EV_FAIL, p, obj->name, ret, "ftrace");
		goto fail_relocs;
	}
	obj->loaded = true;
	return 0;
fail_relocs:
	/* Some places may be written already; the next load wants zeros. */
	kpatch_clear_relocs(obj);
fail:
	obj->mod = NULL;
	return ret;
}

/* Its functions must be inactive. */
void kpatch_unload_object(struct kpatch_object *obj)
{
	if (!obj->loaded)
		return;
	kpatch_ops_del_object(obj);
	if (obj->mod)
		kpatch_clear_relocs(obj);
	obj->loaded = false;
	obj->mod = NULL;
}

int kpatch_obj_pre_patch(struct kpatch_patch *p, struct kpatch_object *obj)
{
	int ret;

	if (!obj->callbacks.pre_patch)
		return 0;
	ret = obj->callbacks.pre_patch(obj);
	if (ret) {
		pr_err("kpatch: %s: pre-patch callback for %s failed: %d\n",
		       p->mod->name, obj->name, ret);
		kpatch_timeline_add(KP_EV_FAIL, p, obj->name, ret,
				    "pre-patch callback");
	}
	return ret;
}

void kpatch_obj_post_patch(struct kpatch_object *obj)
{
	if (obj->callbacks.post_patch)
		obj->callbacks.post_patch(obj);
}

void kpatch_obj_pre_unpatch(struct kpatch_object *obj)
{
	if (obj->callbacks.pre_unpatch)
		obj->callbacks.pre_unpatch(obj);
}

void kpatch_obj_post_unpatch(struct kpatch_object *obj)
{
	if (obj->callbacks.post_unpatch)
		obj->callbacks.post_unpatch(obj);
}
