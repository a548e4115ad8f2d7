#include "kernel-lite.h"

unsigned int kt_random(void);

#define kt_get_random_once(var) ({					\
	static bool __section(".data.once") ___done;			\
	if (!___done) {							\
		*(var) = kt_random();					\
		___done = true;						\
	}								\
})

static unsigned int kt_secret;

unsigned int kt_hash(unsigned int x)
{
	kt_get_random_once(&kt_secret);
	return x ^ kt_secret;
}
