#include "kernel-lite.h"

struct static_key kt_mod_key;

int kt_mod_branchy(int x)
{
	if (kt_static_branch(&kt_mod_key))
		return x + 100;
	return x + 2;
}
