#include "kernel-lite.h"

void kt_std_error(void *sb, const char *func, unsigned int line, int err);
#define kt_error(sb, err) kt_std_error(sb, __func__, __LINE__, err)

int kt_sync(void *sb, int x)
{
	if (x < 0) {
		kt_error(sb, x);
		return 5;
	}
	return x;
}
