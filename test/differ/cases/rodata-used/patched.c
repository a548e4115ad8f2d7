#include "kernel-lite.h"

static const char kt_names[4][8] = { "zero", "one", "two", "three" };

const char *kt_name(int i)
{
	if (i < 0)
		return "negative";
	return kt_names[i & 3];
}

int kt_len(int i)
{
	return strlen(kt_names[i & 3]);
}
