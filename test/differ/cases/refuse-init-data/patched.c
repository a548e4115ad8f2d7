#include "kernel-lite.h"

static int kt_boot_limit __initdata = 32;

int __init kt_boot_setup(void)
{
	return kt_boot_limit;
}

int kt_runtime(int x)
{
	return x + 1;
}
