// SPDX-License-Identifier: GPL-2.0
/*
 * First half of the test target kpcold.ko (test/guest/core-symbols.bats):
 * a static kp_dup without a cold part, first of the two in the module's
 * symbol table, so kallsyms counts it as position 1.
 */
#include <linux/compiler.h>

int kpcold_a(int x);

static noinline __noclone int kp_dup(int x)
{
	return x + 1;
}

int kpcold_a(int x)
{
	return kp_dup(x);
}
