#include "kernel-lite.h"

void *klp_shadow_alloc(void *obj, unsigned long id, size_t size,
		       unsigned int gfp, void *ctor, void *data);
void *klp_shadow_get(void *obj, unsigned long id);
void klp_shadow_free_all(unsigned long id, void *dtor);

#define KT_SHADOW_FLAGS 0x4b50

int kt_attach(void *obj)
{
	return klp_shadow_alloc(obj, KT_SHADOW_FLAGS, 8, 0, NULL, NULL) != NULL;
}

/* The id is the caller's: not a constant the differ can name. */
int kt_peek(void *obj, unsigned long which)
{
	return klp_shadow_get(obj, which + 1) != NULL;
}

void kt_cleanup(void)
{
	klp_shadow_free_all(77, NULL);
}
