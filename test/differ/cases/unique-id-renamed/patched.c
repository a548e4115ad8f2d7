#include "kernel-lite.h"

/* One more __COUNTER__ user before the marker renames it, nothing else. */
static inline int kt_twice(int x)
{
	int __UNIQUE_ID(kt_tmp_) = x * 2;

	return KT_PASTE(__UNIQUE_ID_kt_tmp_, 0);
}

static int __UNIQUE_ID(kt_marker_) __used = 5;

int kt_first(int x)
{
	return x + 1;
}
