#include "kernel-lite.h"

int kt_counter(int x)
{
	static int kt_state;

	kt_state += x;
	return kt_state;
}

int kt_other(void)
{
	return 42;
}
