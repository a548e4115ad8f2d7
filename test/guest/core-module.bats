#!/usr/bin/env bats
# Module objects in a booted guest: a hand-written patch (test/core/module)
# to foo_show of the in-tree samples/kobject/kobject-example.ko, applied
# while the module is loaded and while it loads and unloads again.

load ../lib/guest

# forced_case MODE TAG MODULE [KDIR TARGET RUNNER-ARGS...]: a forced
# foo_show applied only as kobject-example (TARGET) loads, then turned off
# under a reader parked in it (forced.sh MODE); built for KDIR and booted
# with RUNNER-ARGS (default: the test kernel).
forced_case() {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/mod p=$BATS_TEST_TMPDIR/payload
	local kdir=${4:-$KP_KDIR} target=${5:-$KP_KDIR/samples/kobject/kobject-example.ko}
	local boot=(--kernel "$KP_KDIR/arch/x86/boot/bzImage")
	[ $# -le 5 ] || boot=("${@:6}")
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$kdir"
	cp "$KP_ROOT"/test/core/module/kpatch_kobj.c "$KP_ROOT"/test/core/stack/stack.c "$w/"
	printf '#define KP_TAG "second"\n#include "kpatch_kobj.c"\n' >"$w/kpatch_kobj2.c"
	printf '#define KP_TAG "r"\n#define KP_REPLACE 1\n#include "stack.c"\n' >"$w/kpatch_r.c"
	printf 'obj-m := kpatch_kobj.o kpatch_kobj2.o kpatch_r.o\nccflags-y := -I%s -I%s\n' "$m" "$w" >"$w/Kbuild"
	make -C "$kdir" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	readelf -sW "$target" | awk '$8 == "foo_show" { print "0x" $2 }' >"$p/off"
	cp "$m/kpatch.ko" "$w"/kpatch_*.ko "$target" "$KP_ROOT/test/core/module/forced.sh" \
		"$KP_ROOT/test/core/module/lib.sh" "$p/"
	local mult=1
	[ "${KP_KERNEL:-}" != debug ] || mult=3
	kp_guest "${boot[@]}" "$p" forced.sh "$1" "$mult"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"before the module: forced=0 kobject_example foo_show deferred"* ]]
	[[ "$output" == *"module came: forced=1 $2 0"* ]]
	[[ "$output" == *"while the reader naps: 0"* ]]
	[[ "$output" == *"module kept: forced=1 refcnt=1"* ]]
	[[ "$output" == *"reader: $2 0"* ]]
	[[ "$output" == *"$3: foo_show was applied without the activeness check (forced); the patch module can no longer be unloaded"* ]]
	[[ "$output" == *"forced $1: done"* ]]
}

@test "core module: patch kobject-example live, then across three unload/load cycles; pre-patch refusal and bad offset fail the module's load" {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/mod p=$BATS_TEST_TMPDIR/payload
	local target=$KP_KDIR/samples/kobject/kobject-example.ko
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/module/kpatch_kobj.c "$w/"
	printf 'obj-m := kpatch_kobj.o\nccflags-y := -I%s\n' "$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	# foo_show's offset in .text, as a build of the module records it
	readelf -sW "$target" | awk '$8 == "foo_show" { print "0x" $2 }' >"$p/off"
	[ "$(cat "$p/off")" != 0x0000000000000000 ]
	cp "$m/kpatch.ko" "$w/kpatch_kobj.ko" "$target" "$KP_ROOT/test/core/module/guest.sh" \
		"$KP_ROOT/test/core/module/lib.sh" "$p/"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$p" guest.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"orig: 5"* ]]
	[[ "$output" == *"foo_show: address mismatch in kobject_example: expected .text+0x10, found .text+0x"* ]]
	[[ "$output" == *"bad offset refused: 5"* ]]
	[[ "$output" == *"patched live: kpatched 5"* ]]
	[[ "$output" == *"objects live: kobject_example loaded, last apply"* ]]
	[[ "$output" == *"reverted: 5"* ]]
	[[ "$output" == *"reapplied: kpatched 5"* ]]
	[[ "$output" == *"after module unload: enabled=1 kobject_example foo_show deferred"* ]]
	[[ "$output" == *"objects after unload: kobject_example deferred, last module-drop"* ]]
	[[ "$output" == *"deferred: kobject_example foo_show deferred"* ]]
	local i
	for i in 1 2 3; do
		[[ "$output" == *"load $i fresh: kpatched 0"* ]]
		[[ "$output" == *"load $i: kpatched $((i * 10)) applied"* ]]
	done
	[[ "$output" == *"kpatch_kobj: pre_patch kobject_example (refusing)"* ]]
	[[ "$output" == *"load refused by pre-patch: absent"* ]]
	[[ "$output" == *"load after refusal: kpatched 0"* ]]
	[[ "$output" == *"reverted with module: 0"* ]]
	[[ "$output" == *"module load refused for bad offset: absent"* ]]
	[[ "$output" == *"unpatched again: 0"* ]]
	# Callbacks and hooks in order for a module that comes and goes.
	local order
	order=$(grep -oE '^kpatch_kobj: [a-z_ ]*[a-z_]' <<<"$output" | tr '\n' ,)
	[[ "$order" == *"kpatch_kobj: pre_patch kobject_example,kpatch_kobj: load hook,kpatch_kobj: post_patch kobject_example,kpatch_kobj: pre_unpatch kobject_example,kpatch_kobj: unload hook,kpatch_kobj: post_unpatch kobject_example,"* ]]
	local ts='[0-9]+\.[0-9]{6}'
	grep -qE "^$ts module-apply kpatch_kobj ok obj=kobject_example$" <<<"$output"
	grep -qE "^$ts module-drop kpatch_kobj ok obj=kobject_example$" <<<"$output"
	grep -qE "^$ts fail kpatch_kobj err=-1 obj=kobject_example reason=pre-patch callback$" <<<"$output"
	grep -qE "^$ts fail kpatch_kobj err=-22 obj=kobject_example reason=foo_show$" <<<"$output"
	[ "$(grep -cE "^$ts module-apply kpatch_kobj" <<<"$output")" -eq 4 ]
	[[ "$output" == *"module: done"* ]]
}

@test "core module: two patches stack on a module function across its reload; an atomic replace without the module leaves it original" {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/mod p=$BATS_TEST_TMPDIR/payload
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/module/kpatch_kobj.c "$KP_ROOT"/test/core/stack/stack.c "$w/"
	printf '#define KP_TAG "second"\n#include "kpatch_kobj.c"\n' >"$w/kpatch_kobj2.c"
	printf '#define KP_TAG "r"\n#define KP_REPLACE 1\n#include "stack.c"\n' >"$w/kpatch_r.c"
	printf 'obj-m := kpatch_kobj.o kpatch_kobj2.o kpatch_r.o\nccflags-y := -I%s -I%s\n' "$m" "$w" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/kpatch_*.ko "$KP_KDIR/samples/kobject/kobject-example.ko" \
		"$KP_ROOT/test/core/module/stack.sh" "$KP_ROOT/test/core/module/lib.sh" "$p/"
	# The core checks a module function's recorded offset, 0 included.
	readelf -sW "$KP_KDIR/samples/kobject/kobject-example.ko" |
		awk '$8 == "foo_show" { print "0x" $2 }' >"$p/off"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$p" stack.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"both, module after: second 0"* ]]
	[[ "$output" == *"kpatch_kobj: cannot disable: foo_show is also replaced by kpatch_kobj2"* ]]
	[[ "$output" == *"second off: kpatched 0"* ]]
	[[ "$output" == *"second on: second 0"* ]]
	[[ "$output" == *"reloaded: second 0"* ]]
	[[ "$output" == *"replaced: 0 r kobj=0 kobj2=0"* ]]
	[[ "$output" == *"reloaded after replace: 0"* ]]
	local ts='[0-9]+\.[0-9]{6}'
	# The timeline, read after the patches are gone: every step in order.
	local order
	order=$(sed -n '/^timeline:$/,/^module stack: done$/p' <<<"$output" |
		awk '/^[0-9]/ { print $2, $3 }' | tr '\n' ,)
	echo "$order"
	[ "$order" = "load kpatch_kobj,apply kpatch_kobj,load kpatch_kobj2,apply kpatch_kobj2,module-apply kpatch_kobj,module-apply kpatch_kobj2,fail kpatch_kobj,revert kpatch_kobj2,apply kpatch_kobj2,module-drop kpatch_kobj,module-drop kpatch_kobj2,module-apply kpatch_kobj,module-apply kpatch_kobj2,load kpatch_r,replace kpatch_kobj,replace kpatch_kobj2,apply kpatch_r,unload kpatch_kobj2,unload kpatch_kobj,revert kpatch_r,unload kpatch_r," ]
	grep -qE "^$ts replace kpatch_kobj ok retries=0 window_ns=[0-9]+ by=kpatch_r$" <<<"$output"
	grep -qE "^$ts replace kpatch_kobj2 ok retries=0 window_ns=[0-9]+ by=kpatch_r$" <<<"$output"
	[[ "$output" == *"module stack: done"* ]]
}

@test "core module: a forced function applied as its module loads pins the patch; reverted under a parked reader, the patch module stays" {
	forced_case disable kpatched kpatch_kobj
	[[ "$output" == *"reverted: enabled=0"* ]]
}

@test "core module: a forced module function turned off by an atomic replace under a parked reader keeps the replaced patch's module" {
	forced_case replace second kpatch_kobj2
	[[ "$output" == *"replaced: kpatch_kobj2 enabled=0"* ]]
}

@test "core module: both forced cases on Debian's 6.12 cloud kernel (IBT, call padding, call-depth tracking)" {
	[ "${KP_KERNEL:-}" != debug ] || skip "a Debian kernel case"
	local kdir target
	kdir=$(kp_debian_kdir 6.12)
	target=$(kp_sample_kobject "$kdir" "$BATS_TEST_TMPDIR/kobject" 6.12)
	forced_case disable kpatched kpatch_kobj "$kdir" "$target" --debian 6.12
	[[ "$output" == *"reverted: enabled=0"* ]]
	forced_case replace second kpatch_kobj2 "$kdir" "$target" --debian 6.12
	[[ "$output" == *"replaced: kpatch_kobj2 enabled=0"* ]]
}
