// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper: a module whose data a bad relocation record points at.
 * kpatch_victim_value must keep its value after the core refuses the
 * patch (kpatch_badreloc.c): a refused destination is never written, not
 * even to clear it. The value is readable as the "value" parameter.
 */
#include <linux/module.h>

unsigned long kpatch_victim_value = 0x5a5a5a5aUL;
EXPORT_SYMBOL_GPL(kpatch_victim_value);
module_param_named(value, kpatch_victim_value, ulong, 0444);

MODULE_LICENSE("GPL");
