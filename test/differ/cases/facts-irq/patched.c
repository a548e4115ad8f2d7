#include "kernel-lite.h"

typedef int (*kt_handler_t)(int irq, void *dev);
int request_threaded_irq(unsigned int irq, kt_handler_t handler,
			 kt_handler_t thread_fn, unsigned long flags,
			 const char *name, void *dev);
void kt_ack(int irq);

static int kt_handler(int irq, void *dev)
{
	kt_ack(irq + 100);
	return 1;
}

int kt_setup(void *dev)
{
	return request_threaded_irq(5, kt_handler, NULL, 0, "kt", dev);
}

noinline void kt_count_event(int irq)
{
	kt_ack(irq + 2);
}

void kt_timer_irq(int irq)
{
	kt_count_event(irq);
	kt_ack(irq);
}

noinline void kt_quiet(int x)
{
	kt_ack(x * 3);
}

void kt_work(int x)
{
	kt_quiet(x);
	kt_ack(x);
}
