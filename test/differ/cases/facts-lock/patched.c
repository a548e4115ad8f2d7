#include "kernel-lite.h"

/* Plain external functions here, as the kernel's are to the differ. */
void spin_lock(int *l);
void spin_unlock(int *l);
void mutex_lock(int *m);
void mutex_unlock(int *m);
void clock_tick(void);

int kt_lock_a, kt_lock_b;
int kt_count;

void kt_adds_lock(void)
{
	spin_lock(&kt_lock_a);
	kt_count++;
	spin_unlock(&kt_lock_a);
	clock_tick();
	clock_tick();
}

void kt_drops_lock(void)
{
	kt_count--;
}

void kt_reorders(void)
{
	mutex_lock(&kt_lock_b);
	mutex_lock(&kt_lock_a);
	kt_count += 2;
	mutex_unlock(&kt_lock_a);
	mutex_unlock(&kt_lock_b);
}
