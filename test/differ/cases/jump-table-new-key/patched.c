#include "kernel-lite.h"

struct static_key kt_new_key;

int kt_branchy(int x)
{
	if (kt_static_branch(&kt_new_key))
		return x + 100;
	return x + 1;
}
