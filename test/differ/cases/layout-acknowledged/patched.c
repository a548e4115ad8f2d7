#include "kernel-lite.h"
#include "kpatch-test-macros.h"

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

/* Every kt_req the kernel holds is known to be gone before this runs. */
KPATCH_IGNORE_LAYOUT(kt_req);
