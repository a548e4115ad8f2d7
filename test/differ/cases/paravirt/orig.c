#include "kernel-lite.h"

int kt_pv_changed(int x)
{
	kt_paravirt_site(3);
	return x + 1;
}

int kt_pv_same(int x)
{
	kt_paravirt_site(4);
	return x - 1;
}
