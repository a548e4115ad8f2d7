#include "kernel-lite.h"

/* ext4's ASSERT: a format, __func__, __FILE__, then __LINE__. */
#define KT_ASSERT(c) do {						\
	if (unlikely(!(c)))						\
		printk("Assertion failure in %s() at %s:%d: '%s'\n",	\
		       __func__, __FILE__, __LINE__, #c);		\
} while (0)



int kt_checked(int x)
{
	KT_ASSERT(x != 3);
	return x * 5;
}
