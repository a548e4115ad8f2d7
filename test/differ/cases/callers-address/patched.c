#include "kernel-lite.h"

static notrace noinline int kt_helper(int x)
{
	return x * 4;
}

int kt_a(int x)
{
	return kt_helper(x) + 1;
}

int (*kt_hook)(int) = kt_helper;
