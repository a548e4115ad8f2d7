#include "kernel-lite.h"

int kt_mod_entry(int x)
{
	return x + 1;
}
