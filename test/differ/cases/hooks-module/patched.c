#include "kernel-lite.h"
#include "kpatch-test-macros.h"

static int kt_hooked;

int kt_answer(int x)
{
	return x * 3 + kt_hooked;
}

static void kt_on_load(void)
{
	kt_hooked = 1;
}
KPATCH_LOAD_HOOK(kt_on_load);

static void kt_on_unload(void)
{
	kt_hooked = 0;
}
KPATCH_UNLOAD_HOOK(kt_on_unload);
