#include "kernel-lite.h"

static inline int kt_tick(void)
{
	static int count;

	return ++count;
}

static inline int kt_tock(void)
{
	static int count;

	return count += 2;
}

static inline int kt_tack(void)
{
	static int count;

	return count += 5;
}

int kt_clock(int x)
{
	return x > 1 ? kt_tack() : x ? kt_tick() : kt_tock();
}
