#include "kernel-lite.h"

int kt_limit = 10;

int kt_over(int x)
{
	return x > kt_limit;
}
