#include "kernel-lite.h"
#include "kpatch-test-macros.h"

int kt_wanted(int x)
{
	return x + 2;
}

notrace int kt_untraced(int x)
{
	return x * 4;
}
KPATCH_IGNORE_FUNCTION(kt_untraced);
