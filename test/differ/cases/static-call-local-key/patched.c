#include "kernel-lite.h"

/*
 * A static call as 6.1 x86_64 builds it (HAVE_STATIC_CALL_INLINE): a call
 * to the trampoline __SCT__kt_sc, recorded in .static_call_sites as
 * {s32 site; s32 key} relative to __SCK__kt_sc (bit 0: tail call).
 */
struct static_call_key {
	void *func;
	unsigned long type;
};
int kt_sc_target(int x);
struct static_call_key __SCK__kt_sc = { kt_sc_target, 0 };

int kt_caller(int x)
{
	asm volatile("1:\tcall __SCT__kt_sc\n"
		     ".pushsection .static_call_sites,\"aw\"\n"
		     "\t.long 1b - .\n"
		     "\t.long __SCK__kt_sc - .\n"
		     ".popsection\n"
		     : : : "memory", "rax", "rcx", "rdx", "rsi", "rdi",
		       "r8", "r9", "r10", "r11");
	return x + 2;
}

int kt_other_caller(int x)
{
	asm volatile("1:\tcall __SCT__kt_sc\n"
		     ".pushsection .static_call_sites,\"aw\"\n"
		     "\t.long 1b - .\n"
		     "\t.long __SCK__kt_sc - .\n"
		     ".popsection\n"
		     : : : "memory", "rax", "rcx", "rdx", "rsi", "rdi",
		       "r8", "r9", "r10", "r11");
	return x + 3;
}
