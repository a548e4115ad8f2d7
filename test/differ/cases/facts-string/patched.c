#include "kernel-lite.h"

void kt_report(int v)
{
	printk("kt: the value is %d\n", v);
}

int kt_same(int x)
{
	return x + 2;
}
