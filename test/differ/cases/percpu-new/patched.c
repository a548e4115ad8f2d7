#include "kernel-lite.h"

static int kt_plain;
DEFINE_PER_CPU(int, kt_pcpu_new);

int *kt_pcpu_user(int x)
{
	return x ? &kt_plain : &kt_pcpu_new;
}
