#include "kernel-lite.h"

int kt_old(int x)
{
	return x - 100;
}

int kt_keep(int x)
{
	return x + 1;
}
