#include "kernel-lite.h"

/* The kernel's `inline` is notrace: one GCC kept out of line has no fentry. */
static notrace noinline int kt_helper(int x)
{
	return x * 3;
}

int kt_a(int x)
{
	return kt_helper(x) + 1;
}

int kt_b(int x)
{
	return kt_helper(x + 1) - 1;
}

int kt_c(int x)
{
	return x - 7;
}
