#include "kernel-lite.h"

int kt_wanted(int x)
{
	return x + 1;
}

notrace int kt_untraced(int x)
{
	return x * 3;
}
