#include "kernel-lite.h"

/* Another file of the kernel has a static kt_dup too (see extra.sym). */
static noinline int kt_dup(int x)
{
	return x * 7 + 2;
}

static noinline int kt_util(int x)
{
	return x ^ 0x55;
}

int kt_entry(int x)
{
	return kt_dup(x) + kt_util(x);
}

int kt_other(int x)
{
	return kt_util(x + 2);
}
