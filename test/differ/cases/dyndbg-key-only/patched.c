#include "kernel-lite.h"

/*
 * 6.1's _dynamic_func_call_no_desc (print_hex_dump_debug, btrfs_debug):
 * the descriptor is only reached through its static key, the call does
 * not take it.
 */
struct kt_ddebug61 {
	const char *modname, *function, *filename, *format;
	unsigned int lineno:18, class_id:6, flags:8;
	struct static_key key;
} __attribute__((aligned(8)));
void kt_hex_dump(const void *buf, int len);
#define kt_dbg_no_desc_(id, fmt, func, ...) do {			\
	static struct kt_ddebug61 __used __section("__dyndbg") id = {	\
		"kt", __func__, __FILE__, fmt, __LINE__, 63, 0, { 0, 0 } }; \
	if (kt_static_branch(&id.key))					\
		func(__VA_ARGS__);					\
} while (0)
#define kt_hex_dump_debug(buf, len)					\
	kt_dbg_no_desc_(__UNIQUE_ID(ddebug), "hexdump", kt_hex_dump, buf, len)

int kt_probe(const char *p, int x)
{
	kt_hex_dump_debug(p, x);
	return x + 2;
}

int kt_other(const char *p, int x)
{
	kt_hex_dump_debug(p, x * 2);
	return x * 3;
}
