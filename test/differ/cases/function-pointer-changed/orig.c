#include "kernel-lite.h"

void kt_register(int (*cb)(int));

static noinline int kt_callback(int x)
{
	return x - 5;
}

int kt_setup(int x)
{
	kt_register(kt_callback);
	return kt_callback(x);
}
