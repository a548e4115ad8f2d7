#include "kernel-lite.h"

/* A member added in the middle: len moves from 8 to 16. */
struct kt_req {
	int id;
	long flags;
	long len;
};

long kt_req_len(struct kt_req *r)
{
	return r->len + r->id;
}
