#include "kernel-lite.h"

int kt_wanted(int x)
{
	return x + 1;
}

int kt_noise(int x)
{
	return x - 1;
}
