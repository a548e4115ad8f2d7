#include "kernel-lite.h"

DEFINE_PER_CPU(int, kt_pcpu_old);

int *kt_pcpu_user(int x)
{
	return x ? &kt_pcpu_old : 0;
}
