#include "kernel-lite.h"

int kt_aux_changed(int x)
{
	if (kt_static_cpu_has(42))
		return x * 2;
	return x + 2;
}

int kt_aux_same(int x)
{
	if (kt_static_cpu_has(43))
		return x * 3;
	return x - 1;
}
