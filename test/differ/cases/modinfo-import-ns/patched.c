#include "kernel-lite.h"

static const char kt_license[] __used __section(".modinfo") __attribute__((aligned(1))) = "license=GPL";
static const char kt_import[] __used __section(".modinfo") __attribute__((aligned(1))) = "import_ns=KT_NS";

int kt_ns_export(int x);

int kt_ns_user(int x)
{
	return kt_ns_export(x) + 1;
}
