#include "kernel-lite.h"

int kt_alpha(int x)
{
	if (x < 0)
		printk("%s: negative\n", __func__);
	return x;
}

int kt_beta(int x)
{
	if (x > 50)
		printk("%s: %d\n", __func__, x);
	return x * 2;
}

int kt_gamma(int x)
{
	if (x > 100)
		printk("%s: large\n", __func__);
	return x;
}
