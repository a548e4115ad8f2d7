#include "kernel-lite.h"

static noinline int kt_helper(int x)
{
	return x * 3;
}

int kt_caller(int x)
{
	return kt_helper(x) + 1;
}
