#include "kernel-lite.h"

/* 6.1 struct _ddebug with its static key, named like DEFINE_DYNAMIC_DEBUG_METADATA. */
struct kt_ddebug61 {
	const char *modname, *function, *filename, *format;
	unsigned int lineno:18, class_id:6, flags:8;
	struct static_key key;
} __attribute__((aligned(8)));
void kt_dynamic_pr_debug(struct kt_ddebug61 *d, const char *fmt, ...);
#define kt_dbg_(id, cls, fmt, ...) do {					\
	static struct kt_ddebug61 __used __section("__dyndbg") id = {	\
		"kt", __func__, __FILE__, fmt, __LINE__, cls, 0, { 0, 0 } }; \
	if (kt_static_branch(&id.key))					\
		kt_dynamic_pr_debug(&id, fmt, ##__VA_ARGS__);		\
} while (0)
#define kt_dbg(fmt, ...) kt_dbg_(__UNIQUE_ID(ddebug), 63, fmt, ##__VA_ARGS__)
/* drm_dbg_kms-like: a site of class 2 of its module's class map. */
#define kt_dbg_kms(fmt, ...) kt_dbg_(__UNIQUE_ID(ddebug), 2, fmt, ##__VA_ARGS__)

int kt_probe(int x)
{
	kt_dbg_kms("kt_probe=%d", x);
	return x + 2;
}

int kt_other(int x)
{
	kt_dbg("kt_other: %d\n", x);
	return x * 3;
}
