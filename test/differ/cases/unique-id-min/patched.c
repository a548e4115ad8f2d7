#include "kernel-lite.h"

/* A static counter per use, named by __UNIQUE_ID as kernel macros do. */
#define __kt_hit(name) ({ static int name; ++name; })
#define kt_hit() __kt_hit(__UNIQUE_ID(kt_hits_))
/* min() as 6.1 writes it: two __UNIQUE_ID temporaries. */
#define __kt_min(x, y, ux, uy) ({ __typeof__(x) ux = (x);		\
	__typeof__(y) uy = (y); ux < uy ? ux : uy; })
#define kt_min(x, y) __kt_min(x, y, __UNIQUE_ID(kt_x_), __UNIQUE_ID(kt_y_))

int kt_clamp(int a, int b)
{
	return kt_min(a, b);
}

int kt_first(void)
{
	return kt_hit();
}

int kt_second(void)
{
	return kt_hit() + 2;
}
