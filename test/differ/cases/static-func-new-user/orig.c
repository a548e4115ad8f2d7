#include "kernel-lite.h"

int kt_alpha(int x)
{
	if (x < 0)
		printk("%s: negative\n", __func__);
	return x;
}

int kt_beta(int x)
{
	return x * 2;
}

int kt_gamma(int x)
{
	if (x > 100)
		printk("%s: large\n", __func__);
	return x;
}
