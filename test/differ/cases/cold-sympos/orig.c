#include "kernel-lite.h"

/*
 * Other files of the kernel have static kt_cold and kt_plain too (see
 * extra.sym): one kt_cold without a cold part, one with, and a kt_plain
 * with a cold part where this file's has none.
 */
static noinline int kt_cold(int x)
{
	if (unlikely(x < 0)) {
		printk("kt_cold: negative %d\n", x);
		return -1;
	}
	return x * 2;
}

static noinline int kt_plain(int x)
{
	return x * 5 + 1;
}

int kt_entry(int x)
{
	return kt_cold(x) + kt_plain(x);
}
