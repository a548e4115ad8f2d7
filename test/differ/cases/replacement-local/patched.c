#include "kernel-lite.h"

int kt_call(int (*f)(int), int x);

int kt_new_helper(int x)
{
	return x * 3;
}

int kt_api(int x)
{
	return kt_new_helper(x) + 1;
}
EXPORT_SYMBOL(kt_api);

int kt_user(int x)
{
	return kt_call(kt_api, x + 1);
}
