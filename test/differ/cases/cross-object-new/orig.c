#include "kernel-lite.h"

int snprintf(char *buf, unsigned long size, const char *fmt, ...);
const char *kt_vmlinux_name(void);

static int kt_cross_count;

int kt_cross_show(char *buf)
{
	kt_cross_count++;
	return snprintf(buf, 16, "%d\n", kt_cross_count);
}

int kt_cross_other(void)
{
	return kt_cross_count + (kt_vmlinux_name() != NULL);
}
