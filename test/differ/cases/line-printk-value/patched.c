#include "kernel-lite.h"

int kt_report(int x)
{
	printk("%s: %d %d\n", __func__, 6, x);
	return x;
}
