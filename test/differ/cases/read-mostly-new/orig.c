#include "kernel-lite.h"

static int kt_limit __read_mostly = 3;

int kt_get_limit(int x)
{
	return x < kt_limit ? x : kt_limit;
}

void kt_set_limit(int v)
{
	kt_limit = v;
}
