#include "kernel-lite.h"

/* Every caller passes factor 7: gcc specialises it (.constprop). */
static noinline int kt_scale(int x, int factor)
{
	int i, s = 0;

	for (i = 0; i < x; i++)
		s += (i * factor) ^ (s >> 2) ^ (s << 1);
	return s;
}

int kt_c1(int x) { return kt_scale(x, 7) + 1; }
int kt_c2(int x) { return kt_scale(x + 1, 7) * 3; }
int kt_c3(int x) { return kt_scale(x * 2, 7) - 5; }
