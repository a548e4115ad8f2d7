#include "kernel-lite.h"
#include "kpatch-test-macros.h"

int kt_busy(int x)
{
	return x + 2;
}
KPATCH_FORCE_UNSAFE(kt_busy);

int kt_calm(int x)
{
	return x - 2;
}
