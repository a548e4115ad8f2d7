#include "kernel-lite.h"

DEFINE_PER_CPU(int, kt_pcpu_old);
__section(".data..percpu..read_mostly") int kt_pcpu_new;

int *kt_pcpu_user(int x)
{
	return x ? &kt_pcpu_old : &kt_pcpu_new;
}
