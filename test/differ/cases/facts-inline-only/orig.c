#include "kernel-lite.h"

int kt_sink(int x);

static inline int kt_mix(int x)
{
	return x ^ 0x1234567;
}

int kt_user(int x, int y)
{
	return kt_sink(kt_mix(x) + y);
}

int kt_own(int x, int y)
{
	return kt_sink((x ^ 0x7654321) + y);
}
