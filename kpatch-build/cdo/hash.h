/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small chained hash table keyed by strings. Nodes are embedded in the
 * objects they index, so a lookup allocates nothing; several objects may
 * share a key (local symbols of the same name), and iteration over one key
 * visits all of them.
 */
#ifndef CDO_HASH_H
#define CDO_HASH_H

#include <stddef.h>

struct hash_node {
	struct hash_node *next;
	const char *key;
	void *owner;
};

struct hash {
	struct hash_node **buckets;
	size_t nr_buckets;
};

int hash_init(struct hash *h, size_t expected);
void hash_free(struct hash *h);
void hash_add(struct hash *h, struct hash_node *n, const char *key,
	      void *owner);
/* First node with key, then hash_next() for the following ones. */
struct hash_node *hash_first(const struct hash *h, const char *key);
struct hash_node *hash_next(const struct hash_node *n);

#define hash_for_each_key(h, key, n) \
	for ((n) = hash_first((h), (key)); (n); (n) = hash_next(n))

#endif
