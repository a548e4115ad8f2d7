#include "kernel-lite.h"

int kt_tunable __read_mostly = 7;

int kt_tuned(int x)
{
	return x * kt_tunable;
}
