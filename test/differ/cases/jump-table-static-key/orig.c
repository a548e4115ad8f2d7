#include "kernel-lite.h"

/* A file-local key, as DEFINE_STATIC_KEY_FALSE() in a .c file gives. */
static struct static_key kt_file_key;

int kt_branchy(int x)
{
	if (kt_static_branch(&kt_file_key))
		return x + 100;
	return x + 1;
}

void kt_enable(void)
{
	kt_file_key.enabled = 1;
}
