#include "kernel-lite.h"

int kt_refs;

void kt_get(void)
{
	kt_atomic_inc(&kt_refs);
}

void kt_get_twice(void)
{
	kt_atomic_inc(&kt_refs);
	kt_atomic_inc(&kt_refs);
}
