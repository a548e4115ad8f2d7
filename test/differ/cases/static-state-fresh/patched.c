#include "kernel-lite.h"
#include "kpatch-test-macros.h"

int kt_next_seq(void)
{
	static int kt_counter;

	return ++kt_counter;
}
KPATCH_IGNORE_STATIC("kt_seq");
