#include "kernel-lite.h"

static unsigned long kt_seq;

unsigned long kt_next_id(void)
{
	return ++kt_seq;
}

void kt_skip_ids(unsigned long n)
{
	kt_seq += n;
}
