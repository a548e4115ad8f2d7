#include "kernel-lite.h"

int kt_fenced(int *p)
{
	kt_alternative("lfence", "mfence", 123);
	return *p + 3;
}

int kt_other(int *p)
{
	kt_alternative("lfence", "mfence", 124);
	return *p * 2;
}
