#include "kernel-lite.h"

static inline __attribute__((always_inline)) int kt_bump(int x)
{
	static int kt_state;

	kt_state += x + 1;
	return kt_state;
}

int kt_counter(int x)
{
	return kt_bump(x);
}

int kt_other(void)
{
	return 42;
}
