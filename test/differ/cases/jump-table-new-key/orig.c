#include "kernel-lite.h"

int kt_branchy(int x)
{
	return x + 1;
}
