#include "kernel-lite.h"

int kt_first(void)
{
	static int kt_hits;

	return ++kt_hits;
}

int kt_second(int x)
{
	static int kt_total;

	kt_total += 2 * x;
	return kt_total;
}

int kt_zeroth(void)
{
	static int kt_zero;

	return kt_zero--;
}
