#include "kernel-lite.h"

int kt_state __read_mostly = 4;

int kt_read(void)
{
	return kt_state;
}
