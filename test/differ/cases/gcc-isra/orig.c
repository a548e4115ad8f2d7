#include "kernel-lite.h"

struct kt_req {
	int a, b, c, d;
	long pad[8];
};

/* Only two scalar fields are read: gcc passes them instead (.isra). */
static int kt_sum_fields(struct kt_req *r)
{
	int i, s = 0;

	for (i = 0; i < r->a; i++) {
		s += (i * r->b) ^ (s >> 3);
		if (s & 0x100)
			s += r->b * 3;
		else
			s -= r->a >> 1;
		s ^= (s << 5) + i;
	}
	for (i = 0; i < r->b; i++)
		s += (i * r->a) ^ (s >> 7);
	return s;
}

int kt_use1(struct kt_req *r) { return kt_sum_fields(r) + 1; }
int kt_use2(struct kt_req *r) { return kt_sum_fields(r) * 2; }
int kt_use3(struct kt_req *r) { return kt_sum_fields(r) - 3; }
int kt_use4(struct kt_req *r) { return kt_sum_fields(r) ^ 3; }
