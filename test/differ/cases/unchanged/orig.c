#include "kernel-lite.h"

int kt_answer(int x)
{
	return x * 3 + 1;
}

static int kt_count;

int kt_tick(void)
{
	return ++kt_count;
}
