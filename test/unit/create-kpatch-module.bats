#!/usr/bin/env bats
# create-kpatch-module's checks of the linked records, on small objects
# compiled here with the record layout of kmod/patch/kpatch-patch.h.

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	CKM=$KP_ROOT/kpatch-build/create-kpatch-module
	[ -x "$CKM" ] || make -s -C "$KP_ROOT/kpatch-build" >&2
	W=$BATS_TEST_TMPDIR
}

# compile NAME: $W/NAME.c (from stdin) to $W/NAME.o
compile() {
	cat >"$W/$1.c"
	gcc -O2 -c -ffunction-sections -I"$KP_ROOT/kmod/patch" -o "$W/$1.o" "$W/$1.c"
}

@test "create-kpatch-module: a function record, its name and object: copied unchanged" {
	compile one <<'EOF'
#include <stddef.h>
#include "kpatch-patch.h"
int replacement(int x) { return x + 1; }
static const char name[] __attribute__((section(".kpatch.strings"))) = "cmdline_proc_show";
static const char objname[] __attribute__((section(".kpatch.strings"))) = "vmlinux";
struct kpatch_patch_func f __attribute__((section(".kpatch.funcs"))) = {
	.new_addr = (unsigned long)replacement, .new_size = 16,
	.name = name, .objname = objname,
};
EOF
	run "$CKM" "$W/one.o" "$W/out.o"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 functions, 0 relocations, 0 hooks and callbacks"* ]]
	cmp "$W/one.o" "$W/out.o"
}

@test "create-kpatch-module: a name outside .kpatch.strings is refused, naming the field" {
	compile bad <<'EOF'
#include <stddef.h>
#include "kpatch-patch.h"
int replacement(int x) { return x + 1; }
static const char objname[] __attribute__((section(".kpatch.strings"))) = "vmlinux";
struct kpatch_patch_func f __attribute__((section(".kpatch.funcs"))) = {
	.new_addr = (unsigned long)replacement, .name = "elsewhere", .objname = objname,
};
EOF
	run "$CKM" "$W/bad.o" "$W/out.o"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *".kpatch.funcs+0x28: name does not point at a string in .kpatch.strings"* ]]
	[ ! -e "$W/out.o" ]
}

# A renamed function (real case: kernel/rcu/tree.c's rcu_momentary_eqs in
# 6.1.190) leaves only a new function that nothing calls.
@test "create-kpatch-module: only new functions and no hook: status 3, naming them" {
	compile new <<'EOF'
int rcu_momentary_dyntick_idle(void) { return 1; }
int helper_too(int x) { return x * 3; }
EOF
	run "$CKM" "$W/new.o" "$W/out.o"
	echo "$output"
	[ "$status" -eq 3 ]
	[[ "$output" == *"no function of the kernel is replaced and there are no hooks or callbacks: the patch only adds "* ]]
	[[ "$output" == *"rcu_momentary_dyntick_idle"* ]]
	[[ "$output" == *"helper_too"* ]]
	[ ! -e "$W/out.o" ]
}
