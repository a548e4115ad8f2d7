#include "kernel-lite.h"

static int kt_limit __read_mostly = 3;
static int kt_floor __read_mostly = 1;

int kt_get_limit(int x)
{
	if (x < kt_floor)
		return kt_floor;
	return x < kt_limit ? x : kt_limit;
}

void kt_set_limit(int v)
{
	kt_limit = v;
}
