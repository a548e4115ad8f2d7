#include "kernel-lite.h"

/*
 * A comment that moves every line below by four, and with them the line
 * numbers the __bug_table entries record.
 */
int kt_check(int x)
{
	if (WARN_ON(x < 0))
		return -1;
	return x / 2;
}

void kt_assert(int x)
{
	if (x == 42)
		BUG();
}
