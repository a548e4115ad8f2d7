#include "kernel-lite.h"

struct kt_ops {
	int (*open)(int);
	int (*read)(int);
};

static int kt_open(int x)
{
	return x + 1;
}

static int kt_read(int x)
{
	return x * 2;
}

static const struct kt_ops kt_ops = {
	.open = kt_open,
	.read = kt_read,
};

const struct kt_ops *kt_get_ops(void)
{
	return &kt_ops;
}
