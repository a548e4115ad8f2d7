#include "kernel-lite.h"

struct kt_req {
	int id;
	long len;
};

long kt_req_len(struct kt_req *r)
{
	return r->len + r->id;
}
