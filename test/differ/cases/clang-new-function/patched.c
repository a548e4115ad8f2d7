#include "kernel-lite.h"

static noinline int kt_clamp(int x)
{
	if (x > 100)
		printk("kt_clamp: %d\n", x);
	return x > 100 ? 100 : x;
}

int kt_answer(int x)
{
	return kt_clamp(x) * 3;
}

int kt_other(int x)
{
	return x - 3;
}
