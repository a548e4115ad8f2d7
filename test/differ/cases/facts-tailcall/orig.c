#include "kernel-lite.h"

int kt_finish(int x);

noinline int kt_target(int x)
{
	return kt_finish(x * 3);
}

int kt_front(int x)
{
	return kt_target(x + 1);
}
