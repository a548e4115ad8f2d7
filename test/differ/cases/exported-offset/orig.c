#include "kernel-lite.h"

extern unsigned char kt_zero_page[4096];

int kt_peek(void)
{
	return kt_zero_page[100];
}

int kt_poke(int v)
{
	kt_zero_page[200] = v;
	kt_zero_page[300] = 7;
	return 0;
}
