#include "kernel-lite.h"

int kt_first(void)
{
	static int kt_hits;

	return ++kt_hits;
}

int kt_second(int x)
{
	static int kt_total;

	kt_total += x;
	return kt_total;
}
