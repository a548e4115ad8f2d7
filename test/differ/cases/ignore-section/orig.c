#include "kernel-lite.h"

static int kt_ready;

int __init kt_setup(void)
{
	kt_ready = 1;
	return 0;
}

int kt_is_ready(void)
{
	return kt_ready;
}
