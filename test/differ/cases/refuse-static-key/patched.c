#include "kernel-lite.h"

struct static_key kt_fast_path = { .enabled = 0 };

int kt_fast(int x)
{
	if (kt_static_branch(&kt_fast_path))
		return x;
	return x * 2;
}
