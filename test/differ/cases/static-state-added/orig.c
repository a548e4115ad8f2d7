#include "kernel-lite.h"

int kt_next_seq(void)
{
	static int kt_seq;

	return ++kt_seq;
}
