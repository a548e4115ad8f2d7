#include "kernel-lite.h"

int kt_next_seq(void)
{
	static long kt_seq64;

	return (int)++kt_seq64;
}
