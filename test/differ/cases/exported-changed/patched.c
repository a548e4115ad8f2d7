#include "kernel-lite.h"

int kt_api(int x)
{
	return x + 2;
}
EXPORT_SYMBOL(kt_api);

int kt_api_other(int x)
{
	return x - 1;
}
EXPORT_SYMBOL(kt_api_other);
