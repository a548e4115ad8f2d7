#include "kernel-lite.h"

int kt_say(int x)
{
	kt_printk_indexed("kt_say: %d\n", x);
	return x;
}

int kt_other(int x)
{
	kt_printk_indexed("kt_other: %d\n", x);
	return -x;
}
