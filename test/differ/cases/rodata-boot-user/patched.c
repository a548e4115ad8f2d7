#include "kernel-lite.h"

static const int kt_weights[4] = { 1, 2, 4, 9 };
static int kt_total;

int __init kt_setup(int n)
{
	int i;

	for (i = 0; i < n && i < 4; i++)
		kt_total += kt_weights[i];
	return 0;
}

int kt_weight(int i)
{
	return kt_weights[i & 3];
}
