#include "kernel-lite.h"

/* A generic default an architecture may override (kernel/ style __weak). */
__attribute__((weak)) unsigned long kt_arch_limit(void)
{
	return 20;
}

unsigned long kt_limit(void)
{
	return kt_arch_limit() + 1;
}
