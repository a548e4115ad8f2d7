#include "kernel-lite.h"

void kt_warning(void *sb, const char *func, unsigned int line, const char *fmt, ...);
#define kt_warn(sb, fmt, ...) kt_warning(sb, __func__, __LINE__, fmt, ##__VA_ARGS__)



int kt_reserve(void *sb, int used, int want)
{
	if (used < want)
		kt_warn(sb, "%s: used %d < want %d", __func__, used, want);
	return want - used;
}
