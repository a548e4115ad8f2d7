#include "kernel-lite.h"

int kt_answer(int x)
{
	return x * 3 + 1;
}

int kt_other(int x)
{
	return x + 7;
}
