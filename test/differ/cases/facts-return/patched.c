#include "kernel-lite.h"

#define EINVAL 22
#define ENOENT 2

int kt_lookup_item(int id);
void kt_note(int id);

int kt_check(int id)
{
	if (id < 0)
		return -EINVAL;
	if (!kt_lookup_item(id)) {
		kt_note(id);	/* keeps the error a mov, not a computation */
		return -ENOENT;
	}
	return 0;
}

/* Its printk's varargs count (%eax = 0 before the call) is no return. */
int kt_say(int id)
{
	printk("kt: %d!\n", id);
	return id + 1;
}

/* A void function: the %eax set for a variadic call returns nothing. */
int kt_trace(const char *fmt, ...);
int kt_logged;

void kt_log(int id)
{
	if (id > 3)
		kt_trace("kt: log %d\n", id);
	kt_logged += id;
}
