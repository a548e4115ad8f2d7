#include "kernel-lite.h"

static notrace noinline int kt_helper(int x)
{
	return x * 3;
}

int kt_a(int x)
{
	return kt_helper(x) + 1;
}

/* A tail call: no frame of kt_tail stays while kt_helper runs. */
int kt_tail(int x)
{
	return kt_helper(x ^ 5);
}
