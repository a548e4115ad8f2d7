#include "kernel-lite.h"

struct kt_inner {
	int a;
	int b;
};

/* Only passed around by pointer: its layout is not kt_outer_t's. */
struct kt_far {
	int x;
	int y;
};

typedef struct {
	long tag;
	struct kt_inner in;
	struct kt_far *far;
	unsigned int ready : 1;
	unsigned int busy : 1;
} kt_outer_t;

void kt_far_put(struct kt_far *f);

int kt_outer_b(kt_outer_t *o)
{
	kt_far_put(o->far);
	return o->in.b + o->busy;
}
