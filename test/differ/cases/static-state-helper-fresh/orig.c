#include "kernel-lite.h"

/*
 * kernel/futex/core.c as 6.1.192 has it: one machine-wide sequence for
 * inodes and mms, from a helper called twice and kept out of line.
 */
struct kt_key { unsigned long seq, pgoff; int shared; };

static noinline unsigned long kt_get_object_id(unsigned long *object_seq)
{
	static unsigned long last_assigned_seq;
	unsigned long old = *(volatile unsigned long *)object_seq;

	if (likely(old))
		return old;
	for (;;) {
		unsigned long new = __atomic_add_fetch(&last_assigned_seq, 1,
						       __ATOMIC_SEQ_CST);
		if (!new)
			continue;
		old = 0;
		if (!__atomic_compare_exchange_n(object_seq, &old, new, false,
						 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return old;
		return new;
	}
}

int kt_get_futex_key(unsigned long *mm_seq, unsigned long *i_sequence,
		     unsigned long pgoff, struct kt_key *key)
{
	if (!i_sequence) {
		key->seq = kt_get_object_id(mm_seq);
		key->shared = 0;
	} else {
		key->seq = kt_get_object_id(i_sequence);
		key->shared = 1;
	}
	key->pgoff = pgoff;
	return 0;
}
