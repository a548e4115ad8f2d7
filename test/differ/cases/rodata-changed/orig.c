#include "kernel-lite.h"

static const int kt_lut[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };

int kt_lookup(int i)
{
	return kt_lut[i & 7];
}

int kt_other(int i)
{
	return i * 3;
}
