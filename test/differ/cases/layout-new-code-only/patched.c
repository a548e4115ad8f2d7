#include "kernel-lite.h"

/* A member added in the middle; id, the only member old code reads, stays. */
struct kt_req {
	int id;
	long flags;
	long len;
};

int kt_req_id(struct kt_req *r)
{
	return r->id;
}

/* New code is the only one making and reading kt_req's new layout. */
static noinline int kt_new_req(int x)
{
	struct kt_req r = { .id = x, .flags = 1, .len = 2 };

	return kt_req_id(&r) + r.flags;
}

int kt_entry(int x)
{
	return kt_new_req(x) + 1;
}
