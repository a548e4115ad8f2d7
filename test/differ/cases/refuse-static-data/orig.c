#include "kernel-lite.h"

static int kt_weights[4] = { 1, 2, 3, 4 };

int kt_weight(int i)
{
	return kt_weights[i & 3];
}

void kt_set_weight(int i, int w)
{
	kt_weights[i & 3] = w;
}
