#include "kernel-lite.h"

static int kt_count;

static noinline int kt_static_helper(int x, int y)
{
	return x * y + kt_count;
}

int kt_caller(int x, int y)
{
	return kt_static_helper(x, y) + 1;
}

int kt_bump(int y)
{
	kt_count += y;
	return kt_static_helper(y, kt_count);
}
