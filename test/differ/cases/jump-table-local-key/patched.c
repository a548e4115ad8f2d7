#include "kernel-lite.h"

struct static_key kt_local_key;

int kt_branchy(int x)
{
	if (kt_static_branch(&kt_local_key))
		return x + 100;
	return x + 2;
}
