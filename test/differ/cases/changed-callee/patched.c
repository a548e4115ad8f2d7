#include "kernel-lite.h"

noinline int kt_inner(int x)
{
	return x * 9;
}

int kt_outer(int x)
{
	return kt_inner(x) + 2;
}
