#include "kernel-lite.h"

static unsigned long kt_seq;
static unsigned long kt_id_seq;

/* Numbers from a counter of its own now; kt_seq stays for kt_skip_ids. */
unsigned long kt_next_id(void)
{
	return ++kt_id_seq;
}

void kt_skip_ids(unsigned long n)
{
	kt_seq += n;
}
