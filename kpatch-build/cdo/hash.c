// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "hash.h"

static size_t hash_str(const char *s)
{
	size_t h = 2166136261u;	/* FNV-1a */

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

int hash_init(struct hash *h, size_t expected)
{
	h->nr_buckets = 64;
	while (h->nr_buckets < expected * 2)
		h->nr_buckets *= 2;
	h->buckets = calloc(h->nr_buckets, sizeof(*h->buckets));
	return h->buckets ? 0 : -1;
}

void hash_free(struct hash *h)
{
	free(h->buckets);
	h->buckets = NULL;
}

/* Appended at the tail so same-key nodes stay in insertion order. */
void hash_add(struct hash *h, struct hash_node *n, const char *key,
	      void *owner)
{
	struct hash_node **p = &h->buckets[hash_str(key) & (h->nr_buckets - 1)];

	n->key = key;
	n->owner = owner;
	n->next = NULL;
	while (*p)
		p = &(*p)->next;
	*p = n;
}

static struct hash_node *match(struct hash_node *n, const char *key)
{
	while (n && strcmp(n->key, key))
		n = n->next;
	return n;
}

struct hash_node *hash_first(const struct hash *h, const char *key)
{
	return match(h->buckets[hash_str(key) & (h->nr_buckets - 1)], key);
}

struct hash_node *hash_next(const struct hash_node *n)
{
	return match(n->next, n->key);
}
