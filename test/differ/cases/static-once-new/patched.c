#include "kernel-lite.h"

#define kt_printk_once(fmt, ...) ({					\
	static bool __section(".data.once") __already_done;		\
	bool __ret = !__already_done;					\
	if (!__already_done) {						\
		__already_done = true;					\
		printk(fmt, ##__VA_ARGS__);				\
	}								\
	__ret;								\
})

int kt_first(int x)
{
	if (x < 0)
		kt_printk_once("negative\n");
	return x;
}

int kt_second(int x)
{
	if (x == 7)
		kt_printk_once("seven\n");
	return x + 2;
}

int kt_third(int x)
{
	if (x > 9)
		kt_printk_once("large\n");
	return x;
}
