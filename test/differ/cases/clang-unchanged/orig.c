#include "kernel-lite.h"

int kt_report(int x)
{
	static int kt_calls;

	kt_calls++;
	if (x > 10)
		printk("kt_report: %d after %d calls\n", x, kt_calls);
	return x;
}

int kt_quiet(int x)
{
	if (x < 0)
		printk("kt_quiet: %d\n", x);
	return -x;
}
