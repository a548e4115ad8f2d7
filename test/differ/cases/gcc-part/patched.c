#include "kernel-lite.h"

/* A cheap early return and an expensive rest: gcc splits the rest (.part). */
static int kt_slow(int *v, int n)
{
	int i, s;

	if (likely(n == 0))
		return 0;
	s = 0;
	for (i = 0; i < n; i++) {
		s += v[i] * (i + 5);
		s ^= v[(i * 7) % n];
		if (s > 1000)
			printk("big %d\n", s);
	}
	printk("slow %d\n", s);
	return s;
}

int kt_p1(int *v, int n) { return kt_slow(v, n) + 1; }
int kt_p2(int *v, int n) { return kt_slow(v, n + 1) + 2; }
