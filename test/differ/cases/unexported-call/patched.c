#include "kernel-lite.h"

int kt_exported_fn(int x);
extern int kt_exported_var;

int kt_caller(int x)
{
	return kt_exported_fn(x) + kt_exported_var;
}
