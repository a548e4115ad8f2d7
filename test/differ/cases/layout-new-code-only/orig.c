#include "kernel-lite.h"

struct kt_req {
	int id;
	long len;
};

int kt_req_id(struct kt_req *r)
{
	return r->id;
}

int kt_entry(int x)
{
	return x + 1;
}
