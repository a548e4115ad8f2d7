#include "kernel-lite.h"

int snprintf(char *buf, unsigned long size, const char *fmt, ...);
const char *kt_vmlinux_name(void);
/* Defined anew by another object of the same patch (a vmlinux file). */
const char *kt_cross_string(void);

static int kt_cross_count;

int kt_cross_show(char *buf)
{
	kt_cross_count++;
	return snprintf(buf, 64, "%s %s %d\n", kt_cross_string(),
			kt_vmlinux_name(), kt_cross_count);
}

int kt_cross_other(void)
{
	return kt_cross_count + (kt_vmlinux_name() != NULL);
}
