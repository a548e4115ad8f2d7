#include "kernel-lite.h"


/* The pr_debug below moves down three lines. */
int kt_probe(int x)
{
	pr_debug("kt_probe: %d\n", x);
	return x + 1;
}
