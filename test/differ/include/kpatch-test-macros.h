/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The patch-author macros in the encoding create-diff-object reads, for the
 * unit cases (kmod/patch/kpatch-macros.h is the real header for patches):
 *   .kpatch.ignore.functions, .kpatch.force  8-byte pointers to functions
 *   .kpatch.ignore.sections                  8-byte pointers to a section name
 *   .kpatch.ignore.statics                   8-byte pointers to a variable name
 *   .kpatch.ignore.layouts                   8-byte pointers to a type name
 *   .kpatch.hooks.*, .kpatch.callbacks.*     {fn, objname} pairs
 */
#ifndef KPATCH_TEST_MACROS_H
#define KPATCH_TEST_MACROS_H

#define KT_CAT2(a, b) a##b
#define KT_CAT(a, b) KT_CAT2(a, b)
#define KT_UNIQUE(prefix) KT_CAT(prefix, __COUNTER__)
#define KT_IN(sec) __attribute__((used, section(sec)))

#define KPATCH_IGNORE_FUNCTION(fn) \
	static void *KT_UNIQUE(kt_ignore_fn_) KT_IN(".kpatch.ignore.functions") = (void *)(fn)
#define KPATCH_FORCE_UNSAFE(fn) \
	static void *KT_UNIQUE(kt_force_fn_) KT_IN(".kpatch.force") = (void *)(fn)
#define KPATCH_IGNORE_SECTION(name) \
	static const char *KT_UNIQUE(kt_ignore_sec_) KT_IN(".kpatch.ignore.sections") = (name)
#define KPATCH_IGNORE_STATIC(name) \
	static const char *KT_UNIQUE(kt_ignore_static_) KT_IN(".kpatch.ignore.statics") = (name)
#define KPATCH_IGNORE_LAYOUT(type) \
	static const char *KT_UNIQUE(kt_ignore_layout_) KT_IN(".kpatch.ignore.layouts") = #type

struct kt_hook {
	void (*fn)(void);
	const char *objname;
};

struct kpatch_object;
struct kt_callback {
	unsigned long fn;
	const char *objname;
};

#define KT_HOOK(sec, f) \
	static struct kt_hook KT_UNIQUE(kt_hook_) KT_IN(sec) = { .fn = (f), .objname = 0 }
#define KPATCH_LOAD_HOOK(f)	KT_HOOK(".kpatch.hooks.load", f)
#define KPATCH_UNLOAD_HOOK(f)	KT_HOOK(".kpatch.hooks.unload", f)

#define KT_CALLBACK(sec, f) \
	static struct kt_callback KT_UNIQUE(kt_cb_) KT_IN(sec) = \
		{ .fn = (unsigned long)(f), .objname = 0 }
#define KPATCH_PRE_PATCH_CALLBACK(f)	KT_CALLBACK(".kpatch.callbacks.pre_patch", f)
#define KPATCH_POST_PATCH_CALLBACK(f)	KT_CALLBACK(".kpatch.callbacks.post_patch", f)
#define KPATCH_PRE_UNPATCH_CALLBACK(f)	KT_CALLBACK(".kpatch.callbacks.pre_unpatch", f)
#define KPATCH_POST_UNPATCH_CALLBACK(f)	KT_CALLBACK(".kpatch.callbacks.post_unpatch", f)

#endif
