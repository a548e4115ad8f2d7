#include "kernel-lite.h"

DEFINE_PER_CPU(int, kt_pcpu_count) = 2;

int *kt_pcpu_ptr(void)
{
	return &kt_pcpu_count;
}
