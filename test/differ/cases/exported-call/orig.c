#include "kernel-lite.h"

int kt_exported_fn(int x);
extern int kt_exported_var;

int kt_caller(int x)
{
	return x + 1;
}
