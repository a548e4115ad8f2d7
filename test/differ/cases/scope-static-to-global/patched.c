#include "kernel-lite.h"

noinline int kt_helper(int x)
{
	return x * x + 3;
}

int kt_caller(int x)
{
	return kt_helper(x) + 2;
}
