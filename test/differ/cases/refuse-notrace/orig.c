#include "kernel-lite.h"

notrace int kt_untraced(int x)
{
	return x * 3;
}

int kt_traced(int x)
{
	return x + 3;
}
