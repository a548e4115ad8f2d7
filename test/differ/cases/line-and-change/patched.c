#include "kernel-lite.h"

int kt_answer(int x)
{
	return x * 3 + 1;
}

int kt_check(int x)
{
	if (WARN_ON(x < 0))
		return -1;
	might_sleep();
	return x / 2;
}
