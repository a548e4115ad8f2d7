#include "kernel-lite.h"

int kt_read_changed(const int *p)
{
	int v = 0;

	if (kt_get_user_fixup(&v, p))
		return -14;
	return v + 1;
}

int kt_read_same(const int *p)
{
	int v = 0;

	if (kt_get_user_fixup(&v, p))
		return -14;
	return v * 2;
}
