/* The architecture's own definition: the one the kernel links and runs. */
unsigned long kt_arch_limit(void)
{
	return 64;
}
