#include "kernel-lite.h"

int kt_warn_a(int x)
{
	WARN_ON(x < 0);
	return x + 1;
}

int kt_warn_b(int x)
{
	WARN_ON(x > 9);
	return x + 3;
}
