#include "kernel-lite.h"

struct kt_other {
	int a;
	int b;
};

void kt_sink(struct kt_other *o);

void kt_pass(struct kt_other *o)
{
	kt_sink(o);
}

int kt_entry(int x)
{
	return x + 1;
}
