#include "kernel-lite.h"

struct kt_s {
	int a, b, c[20];
};
int kt_slow(int);
void kt_warn(const char *what, int i) __attribute__((cold));

/*
 * Two constprop clones (k = 5, k = 7), each also an ipa-sra clone, each
 * with its .cold part.
 */
static noinline int kt_calc(const struct kt_s *p, int k,
			    int unused)
{
	int i, r = 0, a = p->a;

	for (i = 0; i < k; i++) {
		r += a * i + kt_slow(i);
		if (unlikely(r < 0)) {
			kt_warn("negative", i);
			r = kt_slow(r) + kt_slow(i * 3);
		}
	}
	return r;
}

int kt_a(struct kt_s *p) { return kt_calc(p, 5, 1); }
int kt_b(struct kt_s *p) { return kt_calc(p, 5, 2) + 1; }
int kt_c(struct kt_s *p) { return kt_calc(p, 7, 2) + 2; }
int kt_d(struct kt_s *p) { return kt_calc(p, 7, 2) + 3; }
int kt_x(struct kt_s *p) { return kt_calc(p, 3, 1) + kt_calc(p, 7, 2); }
int kt_y(struct kt_s *p) { return kt_calc(p, 3, 1) + 1; }
