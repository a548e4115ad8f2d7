#include "kernel-lite.h"

struct kt_lock_class_key { int subkeys[8]; };
struct kt_ratelimit { int burst, interval, printed; };
struct kt_mutex { int owner; const struct kt_lock_class_key *key; };

int kt_ratelimit_ok(struct kt_ratelimit *rs);

/* mutex_init() and printk_ratelimited() as the kernel writes them. */
#define kt_mutex_init(m) do {						\
	static struct kt_lock_class_key __key;				\
	(m)->owner = 0;							\
	(m)->key = &__key;						\
} while (0)
#define kt_printk_ratelimited(fmt, ...) ({				\
	static struct kt_ratelimit _rs = { 10, 5 * 100, 0 };		\
	if (kt_ratelimit_ok(&_rs))					\
		printk(fmt, ##__VA_ARGS__);				\
})

void kt_make(struct kt_mutex *m)
{
	kt_mutex_init(m);
	kt_printk_ratelimited("made %d\n", m->owner);
}

void kt_make_other(struct kt_mutex *m)
{
	kt_mutex_init(m);
	kt_printk_ratelimited("other\n");
}
