#include "kernel-lite.h"

int kt_changed(int x)
{
	if (WARN_ON(x < 0))
		return -1;
	return x / 4;
}

int kt_same(int x)
{
	if (WARN_ON(x > 1000))
		return 0;
	return x * 2;
}
