#include "kernel-lite.h"


/* Two blank lines and this comment move the code down: __LINE__ changes. */
int kt_wait(int x)
{
	might_sleep();
	return x + 1;
}

int kt_warn(int x)
{
	WARN(x > 10, "kt_warn: %d\n", x);
	return x;
}
