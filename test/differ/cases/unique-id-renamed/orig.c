#include "kernel-lite.h"

static int __UNIQUE_ID(kt_marker_) __used = 5;

int kt_first(int x)
{
	return x + 1;
}
