#include "kernel-lite.h"

static int kt_mod_state;

static noinline int kt_mod_helper(int x)
{
	return x + kt_mod_state;
}

int kt_mod_entry(int x)
{
	return kt_mod_helper(x) * 2;
}

int kt_mod_other(int x)
{
	kt_mod_state = x;
	return kt_mod_helper(-x);
}
