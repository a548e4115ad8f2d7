#include "kernel-lite.h"

/*
 * The 6.1.192 fix reversed: the inode sequence has a counter of its own
 * again, under its old name, and a private key holds the mm's address.
 */
struct kt_key { unsigned long seq, pgoff; int shared; };

static unsigned long kt_get_inode_sequence_number(unsigned long *i_sequence)
{
	static unsigned long i_seq;
	unsigned long old = *(volatile unsigned long *)i_sequence;

	if (likely(old))
		return old;
	for (;;) {
		unsigned long new = __atomic_add_fetch(&i_seq, 1, __ATOMIC_SEQ_CST);

		if (!new)
			continue;
		old = 0;
		if (!__atomic_compare_exchange_n(i_sequence, &old, new, false,
						 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			return old;
		return new;
	}
}

int kt_get_futex_key(unsigned long *mm_seq, unsigned long *i_sequence,
		     unsigned long pgoff, struct kt_key *key)
{
	if (!i_sequence) {
		key->seq = (unsigned long)mm_seq;
		key->shared = 0;
	} else {
		key->seq = kt_get_inode_sequence_number(i_sequence);
		key->shared = 1;
	}
	key->pgoff = pgoff;
	return 0;
}
