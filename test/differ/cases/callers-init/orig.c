#include "kernel-lite.h"

static notrace noinline int kt_helper(int x)
{
	return x * 3;
}

int kt_a(int x)
{
	return kt_helper(x) + 1;
}

/* Boot code: it has run and been freed when a patch loads. */
int __init kt_setup(void)
{
	return kt_helper(7) + 2;
}
