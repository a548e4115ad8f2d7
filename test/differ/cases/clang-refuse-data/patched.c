#include "kernel-lite.h"

int kt_limit = 20;

int kt_over(int x)
{
	return x > kt_limit;
}
