#include "kernel-lite.h"

static const char kt_license[] __used __section(".modinfo") __attribute__((aligned(1))) = "kt_core.license=GPL";
static const char kt_import[] __used __section(".modinfo") __attribute__((aligned(1))) = "kt_core.import_ns=KT_NS";
static const char kt_import2[] __used __section(".modinfo") __attribute__((aligned(1))) = "kt_core.import_ns=KT_NS";
static const char kt_import3[] __used __section(".modinfo") __attribute__((aligned(1))) = "kt_core.import_ns=KT_NS2";
static const char kt_fake[] __used __section(".modinfo") __attribute__((aligned(1))) = "kt_core.description=not.import_ns=KT_NO";

int kt_ns_export(int x);

int kt_ns_user(int x)
{
	return kt_ns_export(x) + 1;
}
