#include "kernel-lite.h"

/* printk is __cold: the unlikely branch goes to kt_cold.cold. */
int kt_cold(int x)
{
	if (unlikely(x < 0)) {
		printk("kt_cold: negative %d\n", x);
		return -1;
	}
	return x * 3;
}

int kt_warm(int x)
{
	return x + 2;
}
