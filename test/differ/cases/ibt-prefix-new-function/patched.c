#include "kernel-lite.h"

static noinline int kt_clamp(int x)
{
	return x > 1000 ? 1000 : x;
}

int kt_answer(int x)
{
	return kt_clamp(x) * 3 + 1;
}

int kt_other(int x)
{
	return x + 7;
}
