#include "kernel-lite.h"

void kt_report(int v)
{
	printk("kt: value %d\n", v);
}

int kt_same(int x)
{
	return x + 2;
}
