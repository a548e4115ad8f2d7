#include "kernel-lite.h"
#include "kpatch-test-macros.h"

int kt_wanted(int x)
{
	return x + 2;
}

int kt_noise(int x)
{
	return x - 2;
}
KPATCH_IGNORE_FUNCTION(kt_noise);
