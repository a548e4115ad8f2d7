#include "kernel-lite.h"

struct kt_ops { int (*open)(int); int flags; };
struct kt_file { const struct kt_ops *ops; };

static int kt_open(int x)
{
	return x + 1;
}

static const struct kt_ops kt_fops = { .open = kt_open, .flags = 3 };

void kt_install(struct kt_file *f)
{
	f->ops = &kt_fops;
}

int kt_is_mine(struct kt_file *f)
{
	return f->ops == &kt_fops;
}
