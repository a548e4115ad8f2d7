/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_BRANCHES_H
#define CDO_BRANCHES_H

#include "kelf.h"

/*
 * True when two equally long code ranges differ only in the displacements
 * of calls and jumps the assembler resolved within the section, each
 * reaching the same place of the same (correlated) function in both.
 */
bool only_resolved_branches(struct elf *pe, struct section *p,
			    unsigned long pstart, struct elf *oe,
			    struct section *o, unsigned long ostart,
			    unsigned long len);

#endif
