/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CDO_DECODE_H
#define CDO_DECODE_H

#include <capstone/capstone.h>

#include "kelf.h"

/* The shared Capstone handle (details on), 0 when unavailable. */
csh decoder(void);
/* End offset of the instruction covering off in text section s, or -1. */
long insn_end(struct section *s, unsigned long off);

/* Whether the relocation at off of text s is a direct call or jump's target. */
bool insn_is_branch(struct section *s, unsigned long off);
/* Whether it is a direct call's (not a jump's: no tail call). */
bool insn_is_call(struct section *s, unsigned long off);
/* The instructions of function f (cs_free(*out, n) them), 0 when none. */
size_t decode_symbol(const struct symbol *f, cs_insn **out);

#endif
