#include "kernel-lite.h"

int kt_probe(int x)
{
	pr_debug("kt_probe: %d\n", x);
	return x + 1;
}
