// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/kpatch/<patch>/: enabled (rw), replace, functions, objects,
 * last_transition, last_window_ns and checksum (ro), the files `kpatch
 * info` reads; the timeline file (timeline.c) sits next to them. Writes to enabled take
 * the core mutex, so they are serialised with registrations and other
 * writes.
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include "internal.h"

static struct kobject *root;

#define to_patch(k) container_of(k, struct kpatch_patch, kobj)

static ssize_t enabled_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(k)->enabled);
}

static ssize_t enabled_store(struct kobject *k, struct kobj_attribute *a,
			     const char *buf, size_t count)
{
	struct kpatch_patch *p = to_patch(k);
	bool val;
	int ret;

	if (count == 0 || count > 2 || (buf[0] != '0' && buf[0] != '1') ||
	    (count == 2 && buf[1] != '\n'))
		return -EINVAL;
	val = buf[0] == '1';
	mutex_lock(&kpatch_mutex);
	ret = val ? kpatch_enable(p) : kpatch_disable(p);
	mutex_unlock(&kpatch_mutex);
	return ret ? ret : count;
}

static ssize_t replace_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(k)->replace);
}

static ssize_t last_window_ns_show(struct kobject *k,
				   struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%llu\n", to_patch(k)->last_window_ns);
}

static ssize_t functions_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	struct kpatch_patch *p = to_patch(k);
	int i, j, n = 0;

	for (i = 0; i < p->nr_objs; i++)
		for (j = 0; j < p->objs[i].nr_funcs; j++) {
			struct kpatch_func *f = &p->objs[i].funcs[j];

			n += sysfs_emit_at(buf, n, "%s %s %lu 0x%lx 0x%lx %s\n",
					   p->objs[i].name, f->name, f->sympos,
					   f->addr, f->new_addr,
					   !p->objs[i].loaded ? "deferred" :
					   f->active ? "applied" : "reverted");
		}
	return n;
}

/* One line per object: its name and whether its code is patched in. */
static ssize_t objects_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	struct kpatch_patch *p = to_patch(k);
	int i, n = 0;

	for (i = 0; i < p->nr_objs; i++)
		n += sysfs_emit_at(buf, n, "%s %s\n", p->objs[i].name,
				   p->objs[i].loaded ? "loaded" : "deferred");
	return n;
}

/* "EVENT SECONDS" of the patch's last timeline event, as kpatch info reads. */
static ssize_t last_transition_show(struct kobject *k,
				    struct kobj_attribute *a, char *buf)
{
	struct kpatch_patch *p = to_patch(k);

	if (!p->last_event)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%s %lld\n", p->last_event,
			  (long long)p->last_event_time);
}

/* kpatch-build's checksum of the build, or an empty line if it has none. */
static ssize_t checksum_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	const char *sum = to_patch(k)->checksum;

	return sysfs_emit(buf, "%s\n", sum ? sum : "");
}

static struct kobj_attribute enabled_attr = __ATTR_RW(enabled);
static struct kobj_attribute objects_attr = __ATTR_RO(objects);
static struct kobj_attribute transition_attr = __ATTR_RO(last_transition);
static struct kobj_attribute replace_attr = __ATTR_RO(replace);
static struct kobj_attribute window_attr = __ATTR_RO(last_window_ns);
static struct kobj_attribute functions_attr = __ATTR_RO(functions);
static struct kobj_attribute checksum_attr = __ATTR_RO(checksum);

static struct attribute *patch_attrs[] = {
	&enabled_attr.attr, &replace_attr.attr, &window_attr.attr,
	&functions_attr.attr, &objects_attr.attr, &transition_attr.attr,
	&checksum_attr.attr, NULL,
};
ATTRIBUTE_GROUPS(patch);

/* The patch is owned by its module; nothing to free here. */
static void patch_release(struct kobject *k)
{
}

static struct kobj_type patch_ktype = {
	.release = patch_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = patch_groups,
};

int kpatch_sysfs_add(struct kpatch_patch *p)
{
	int ret;

	memset(&p->kobj, 0, sizeof(p->kobj));
	ret = kobject_init_and_add(&p->kobj, &patch_ktype, root, "%s",
				   p->mod->name);
	if (ret)
		kobject_put(&p->kobj);
	return ret;
}

void kpatch_sysfs_del(struct kpatch_patch *p)
{
	kobject_put(&p->kobj);
}

int kpatch_sysfs_init(void)
{
	int ret;

	root = kobject_create_and_add("kpatch", kernel_kobj);
	if (!root)
		return -ENOMEM;
	ret = kpatch_timeline_init(root);
	if (ret)
		kobject_put(root);
	return ret;
}

void kpatch_sysfs_exit(void)
{
	kpatch_timeline_exit(root);
	kobject_put(root);
}
