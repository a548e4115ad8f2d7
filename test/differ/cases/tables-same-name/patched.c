#include "kernel-lite.h"

/*
 * Two table sections of one name, as ",unique,N" makes them (and some
 * compilers do for per-function __patchable_function_entries).
 */
asm(".pushsection .kt_table,\"a\",@progbits,unique,1\n\t.quad 1\n\t.popsection\n\t"
    ".pushsection .kt_table,\"a\",@progbits,unique,2\n\t.quad 2\n\t.popsection");

int kt_answer(int x)
{
	return x + 8;
}
