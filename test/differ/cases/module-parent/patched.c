#include "kernel-lite.h"

static int kt_mod_state;

static noinline int kt_mod_helper(int x)
{
	return x + kt_mod_state;
}

int kt_mod_entry(int x)
{
	if (x > 1000)
		printk("kt_mod: large %d\n", x);
	return kt_mod_helper(x) * 3 + kt_mod_state;
}

int kt_mod_other(int x)
{
	kt_mod_state = x;
	return kt_mod_helper(-x);
}
