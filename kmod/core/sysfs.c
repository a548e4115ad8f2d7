// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/kpatch/<patch>/: enabled (rw), replace, forced, functions,
 * objects, last_transition and last_window_ns (ro), the files `kpatch
 * info` reads; the timeline file (timeline.c) sits next to them. Writes to
 * enabled take the core mutex, so they are serialised with registrations
 * and other writes. functions shows kernel addresses, so only root may
 * read it (0400, as upstream kpatch's per-function files); nothing else
 * here holds an address.
 */
#include <linux/kobject.h>
#include <linux/slab.h>
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
	/* A failed registration is removing this file: nothing to do. */
	if (p->dead)
		ret = -ENODEV;
	else
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

/* 1 once a forced function was applied: the module stays loaded for good. */
static ssize_t forced_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", to_patch(k)->forced);
}

#define FUNC_LINE_MAX	(2 * KSYM_NAME_LEN + 96)

/*
 * "OBJECT FUNCTION SYMPOS ADDR NEW_ADDR STATE" per function, however many:
 * a binary file in sysfs's terms, each read rendering only the lines that
 * overlap the slice asked for, one small line buffer at a time.
 */
static ssize_t functions_read(struct file *file, struct kobject *k,
			      struct bin_attribute *a, char *out, loff_t pos,
			      size_t count)
{
	struct kpatch_patch *p = to_patch(k);
	size_t done = 0, at = 0, len;
	char *line;
	int i, j;

	line = kmalloc(FUNC_LINE_MAX, GFP_KERNEL);
	if (!line)
		return -ENOMEM;
	for (i = 0; i < p->nr_objs; i++) {
		struct kpatch_object *o = &p->objs[i];

		for (j = 0; j < o->nr_funcs && done < count; j++) {
			struct kpatch_func *f = &o->funcs[j];

			len = scnprintf(line, FUNC_LINE_MAX,
					"%s %s %lu 0x%lx 0x%lx %s\n", o->name,
					f->name, f->sympos, f->addr,
					f->new_addr,
					!o->loaded ? "deferred" :
					kpatch_func_active(f) ? "applied" :
					"reverted");
			done += kpatch_copy_slice(out, pos, count, &at, line,
						  len);
		}
	}
	kfree(line);
	return done;
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

static struct kobj_attribute enabled_attr = __ATTR_RW(enabled);
static struct kobj_attribute objects_attr = __ATTR_RO(objects);
static struct kobj_attribute transition_attr = __ATTR_RO(last_transition);
static struct kobj_attribute replace_attr = __ATTR_RO(replace);
static struct kobj_attribute window_attr = __ATTR_RO(last_window_ns);
static struct kobj_attribute forced_attr = __ATTR_RO(forced);
static struct bin_attribute functions_attr = {
	.attr = { .name = "functions", .mode = 0400 },
	.read = functions_read,
};

static struct attribute *patch_attrs[] = {
	&enabled_attr.attr, &replace_attr.attr, &window_attr.attr,
	&objects_attr.attr, &transition_attr.attr, &forced_attr.attr, NULL,
};

static struct bin_attribute *patch_bin_attrs[] = { &functions_attr, NULL };

static const struct attribute_group patch_group = {
	.attrs = patch_attrs,
	.bin_attrs = patch_bin_attrs,
};

static const struct attribute_group *patch_groups[] = { &patch_group, NULL };

/*
 * The patch is owned by its module, which may be freed as soon as
 * kpatch_unregister returns: the release, which can come late (as
 * DEBUG_KOBJECT_RELEASE makes it), only says that sysfs is done with it.
 */
static void patch_release(struct kobject *k)
{
	complete(&to_patch(k)->kobj_released);
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
	init_completion(&p->kobj_released);
	ret = kobject_init_and_add(&p->kobj, &patch_ktype, root, "%s",
				   p->mod->name);
	if (ret)
		kpatch_sysfs_del(p);
	return ret;
}

/* Not under kpatch_mutex: removal waits for the writers of `enabled`. */
void kpatch_sysfs_del(struct kpatch_patch *p)
{
	kobject_put(&p->kobj);
	wait_for_completion(&p->kobj_released);
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
