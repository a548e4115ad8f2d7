#include "kernel-lite.h"

int kt_dup_name(int x)
{
	return x * 3;
}

int kt_mod_entry(int x)
{
	return kt_dup_name(x) + 1;
}
