#include "kernel-lite.h"

int kt_state = 4;

int kt_read(void)
{
	return kt_state;
}
