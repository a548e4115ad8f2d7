#include "kernel-lite.h"

static const char kt_license[] __used __section(".modinfo") __attribute__((aligned(1))) = "kt_core.license=GPL";

int kt_ns_user(int x)
{
	return x + 1;
}
