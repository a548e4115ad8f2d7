/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_LINES_H
#define CDO_LINES_H

#include "kelf.h"

/*
 * True when two equally long code ranges differ only in the immediates of
 * "mov $imm, %reg" instructions feeding a call that takes a line number
 * (WARN, might_sleep, printk-style helpers).
 */
bool only_line_numbers(struct section *p, unsigned long pstart,
		       struct section *o, unsigned long ostart,
		       unsigned long len);

#endif
