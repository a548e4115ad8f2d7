/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For patch authors: include this from a patched kernel source file to
 * steer create-diff-object and to attach hooks and callbacks to the patch.
 * The names and signatures are kpatch's, so kpatch patches build unchanged.
 *
 * Every macro emits a static, __used variable into a .kpatch.* section and
 * may be used once per function or hook in any number of source files.
 * Records are aligned to 8 only, never more, so the same section from many
 * objects concatenates into one array without padding.
 * Encodings (create-diff-object reads them, keep them exact):
 * - .kpatch.ignore.sections, .kpatch.ignore.statics and
 *   .kpatch.ignore.layouts: 8-byte pointers to a NUL-terminated section,
 *   variable or type name;
 * - .kpatch.ignore.functions and .kpatch.force: 8-byte pointers
 *   (R_X86_64_64) to the function;
 * - .kpatch.hooks.{load,unload}: struct kpatch_patch_hook;
 * - .kpatch.callbacks.{pre,post}_{patch,unpatch}: struct
 *   kpatch_patch_callback;
 * hooks and callbacks carry objname NULL: create-diff-object points it at
 * the name of the object the source file belongs to.
 */
#ifndef __KPATCH_MACROS_H_
#define __KPATCH_MACROS_H_

#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include "kpatch-patch.h"
/* The core's API: callbacks get a whole object (obj->name, ...). */
#include "kpatch.h"

typedef struct kpatch_object patch_object;

/* A section that changes only as a side effect (not a function's). */
#define KPATCH_IGNORE_SECTION(_sec) \
	static __used __section(".kpatch.ignore.sections") const char * \
	__UNIQUE_ID(kpatch_ignore_section_) = (_sec)

/* A function that changes only as a side effect of the patch. */
#define KPATCH_IGNORE_FUNCTION(_fn) \
	static __used __section(".kpatch.ignore.functions") void * \
	__UNIQUE_ID(kpatch_ignore_function_) = (_fn)

/*
 * A patched function stops using a variable of the original and uses a
 * new one (static, file-scope or local) in its place, and the new one may
 * start from its initial value: the state the kernel's copy holds is not
 * needed. _name is either variable's name without GCC's ".N". Without it,
 * create-diff-object refuses such a change.
 */
#define KPATCH_IGNORE_STATIC(_name) \
	static __used __section(".kpatch.ignore.statics") const char * \
	__UNIQUE_ID(kpatch_ignore_static_) = (_name)

/*
 * A struct, union or enum whose layout the patch changes (a member added,
 * moved or retyped, an enumerator renumbered) while a changed function
 * uses it: existing kernel data of the type keeps the old layout, so
 * create-diff-object refuses such a patch unless this names the type and
 * the author has made sure no such data is reached (KPATCH_IGNORE_LAYOUT(foo)
 * for struct, union or enum foo, or for a typedef foo of an anonymous
 * one; KPATCH_IGNORE_LAYOUT(struct foo) names only the struct). The report
 * records it.
 */
#define KPATCH_IGNORE_LAYOUT(_type) \
	static __used __section(".kpatch.ignore.layouts") const char * \
	__UNIQUE_ID(kpatch_ignore_layout_) = #_type

/*
 * Skip the activeness check for _fn. Only when the old and the new version
 * may safely run at the same time and some task is always inside it.
 */
#define KPATCH_FORCE_UNSAFE(_fn) \
	static __used __section(".kpatch.force") void * \
	__UNIQUE_ID(kpatch_force_) = (_fn)

/*
 * The static_asserts give a clear error for a wrong signature instead of
 * a silently converted function pointer.
 */
#define __KPATCH_HOOK(_fn, _sec) \
	static_assert(__same_type(&(_fn), void (*)(void)), \
		      #_fn " must be void " #_fn "(void)"); \
	static __used __section(_sec) __aligned(8) struct kpatch_patch_hook \
	__UNIQUE_ID(kpatch_hook_) = { .fn = (_fn), .objname = NULL }

/*
 * Load hooks run right after the patch takes effect, unload hooks right
 * before it stops: both inside stop_machine(), so they must not sleep.
 */
#define KPATCH_LOAD_HOOK(_fn)	__KPATCH_HOOK(_fn, ".kpatch.hooks.load")
#define KPATCH_UNLOAD_HOOK(_fn)	__KPATCH_HOOK(_fn, ".kpatch.hooks.unload")

#define __KPATCH_CALLBACK(_fn, _member, _ret, _sec) \
	static_assert(__same_type(&(_fn), _ret (*)(patch_object *)), \
		      #_fn " must be " #_ret " " #_fn "(patch_object *)"); \
	static __used __section(_sec) __aligned(8) \
	struct kpatch_patch_callback \
	__UNIQUE_ID(kpatch_callback_) = { ._member = (_fn), .objname = NULL }

/*
 * Callbacks run in process context around each apply and revert; a
 * pre-patch callback that returns an error stops the apply. One of each
 * kind per object.
 */
#define KPATCH_PRE_PATCH_CALLBACK(_fn) \
	__KPATCH_CALLBACK(_fn, pre_patch, int, ".kpatch.callbacks.pre_patch")
#define KPATCH_POST_PATCH_CALLBACK(_fn) \
	__KPATCH_CALLBACK(_fn, post_patch, void, ".kpatch.callbacks.post_patch")
#define KPATCH_PRE_UNPATCH_CALLBACK(_fn) \
	__KPATCH_CALLBACK(_fn, pre_unpatch, void, \
			  ".kpatch.callbacks.pre_unpatch")
#define KPATCH_POST_UNPATCH_CALLBACK(_fn) \
	__KPATCH_CALLBACK(_fn, post_unpatch, void, \
			  ".kpatch.callbacks.post_unpatch")

/*
 * printk is __cold, and gcc lets that spread to the code path calling it:
 * surrounding code may move to .text.unlikely or stop being inlined, which
 * makes the patch touch far more than the author changed. A condition the
 * compiler cannot decide keeps the cold call on a branch of its own.
 */
#define KPATCH_PRINTK(_fmt, ...) \
({ \
	if (READ_ONCE(jiffies)) \
		printk(_fmt, ##__VA_ARGS__); \
})

/*
 * Shadow variables: kernels built with CONFIG_LIVEPATCH (Debian's, the test
 * kernel) export klp_shadow_alloc/get/get_or_alloc/free/free_all; a patch
 * includes <linux/livepatch.h> and calls them as kpatch patches always
 * have, and they need nothing from kpatch.ko. kpatch.ko exports the same
 * API as kpatch_shadow_* (kpatch.h) for kernels without livepatch. The two
 * keep separate tables: a patch series must stick to one of them.
 */

#endif /* __KPATCH_MACROS_H_ */
