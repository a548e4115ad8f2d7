#include "kernel-lite.h"

/*
 * An alternative without replacement code: its alt_instr's repl_offset is
 * a plain `.long 0`, so its entry has one relocation where its
 * neighbours have two.
 */
#define kt_alternative_none(oldinstr, feature)				\
	asm volatile("661:\n\t" oldinstr "\n662:\n"			\
		     ".pushsection .altinstructions,\"a\"\n"		\
		     "\t.long 661b - .\n"				\
		     "\t.long 0\n"					\
		     "\t.word " #feature "\n"				\
		     "\t.byte 662b - 661b\n"				\
		     "\t.byte 0\n"					\
		     ".popsection\n" : : : "memory")

int kt_full1(int x)
{
	kt_alternative("lfence", "mfence", 123);
	return x + 1;
}

int kt_none1(int x)
{
	kt_alternative_none("lfence", 124);
	return x + 2;
}

int kt_full2(int x)
{
	kt_alternative("lfence", "mfence", 125);
	return x + 3;
}

int kt_none2(int x)
{
	kt_alternative_none("lfence", 126);
	return x + 4;
}
