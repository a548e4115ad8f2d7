#include "kernel-lite.h"

int kt_busy(int x)
{
	return x + 1;
}

int kt_calm(int x)
{
	return x - 1;
}
