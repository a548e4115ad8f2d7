#include "kernel-lite.h"

static int kt_table[16] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3 };
static char kt_page_a[64] __section(".data..page_aligned");
static char kt_page_b[64] __section(".data..page_aligned");
extern int kt_ext_table[32];

void kt_store(int i, int v)
{
	kt_table[i & 15] = v;
	kt_page_a[i & 63] = v;
	kt_page_b[i & 63] = v;
}

int kt_lookup(void)
{
	return kt_table[5] + 1;
}

int kt_page_byte(void)
{
	return kt_page_b[10] - kt_page_a[1];
}

int kt_ext(void)
{
	return kt_ext_table[7] + 1;
}
