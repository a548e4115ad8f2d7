#include "kernel-lite.h"

int kt_take_a(void)
{
	static int lock;

	return ++lock;
}

int kt_take_b(void)
{
	static int lock;

	return lock += 2;
}
