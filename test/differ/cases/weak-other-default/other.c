/* Another object's weak default of the same name, linked first. */
__attribute__((weak)) unsigned long kt_arch_limit(void)
{
	unsigned long n = 1;

	for (int i = 0; i < 6; i++)
		n = n * 3 + (unsigned long)i;
	return n;
}
