#include "kernel-lite.h"

noinline int kt_inner(int x)
{
	return x * 7;
}

int kt_outer(int x)
{
	return kt_inner(x) + 1;
}
