#include "kernel-lite.h"

/*
 * A paravirt site whose entry is not padded to 16 bytes: the next entry's
 * .balign 8 pads all but the last one, as older kernels' sections end.
 */
#define kt_paravirt_site_short(type)					\
	asm volatile("771:\t.byte 0x0f,0x1f,0x44,0x00,0x00\n772:\n"	\
		     ".pushsection .parainstructions,\"a\"\n"		\
		     "\t.balign 8\n"					\
		     "\t.quad 771b\n"					\
		     "\t.byte " #type "\n"				\
		     "\t.byte 772b - 771b\n"				\
		     ".popsection\n" : : : "memory")

int kt_pv_first(int x)
{
	kt_paravirt_site_short(3);
	return x + 1;
}

int kt_pv_last(int x)
{
	kt_paravirt_site_short(4);
	return x + 3;
}
