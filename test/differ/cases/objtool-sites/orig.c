#include "kernel-lite.h"

/* A static call as the kernel emits it: a call to the trampoline, and the
 * key referenced, so objtool records the site in .static_call_sites. */
struct static_call_key {
	void *func;
	unsigned long type;
};
extern struct static_call_key __SCK__kt_notify;
void __SCT__kt_notify(int);
void *const kt_notify_key_ref = &__SCK__kt_notify;

int kt_dispatch(int (*fn)(int), int x)
{
	__SCT__kt_notify(x);
	return fn(x) + 1;
}

int kt_steady(int (*fn)(int), int x)
{
	__SCT__kt_notify(x);
	return fn(x) - 1;
}
