#include "kernel-lite.h"

/*
 * Clones as older GCCs number them, in two parts ("foo.constprop.18.cold.27"),
 * named here with asm labels: both numbers of both clones shift.
 */
#define KT_ONE "kt_h.constprop.19.isra.28"
#define KT_TWO "kt_h.constprop.4.isra.5"
int kt_slow(int);

static noinline int kt_one(int x) __asm__(KT_ONE);
static noinline int kt_one(int x)
{
	return kt_slow(x) * 5;
}

static noinline int kt_two(int x) __asm__(KT_TWO);
static noinline int kt_two(int x)
{
	return kt_slow(x) * 7;
}

int kt_a(int x) { return kt_one(x) + 1; }
int kt_b(int x) { return kt_two(x) + 2; }
int kt_c(int x) { return x + 4; }
