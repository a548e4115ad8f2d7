#include "kernel-lite.h"

static notrace noinline int kt_helper(int x)
{
	return x * 4;
}

/* notrace too: replaced through its own caller in turn. */
static notrace noinline int kt_mid(int x)
{
	return kt_helper(x) * 2 + 1;
}

int kt_top(int x)
{
	return kt_mid(x) - 2;
}
