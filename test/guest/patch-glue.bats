#!/usr/bin/env bats
# The patch-module glue (kmod/patch) in a booted guest: a hand-written
# output.o (test/core/glue/output.c) is linked with the glue exactly as
# kpatch-build does it, then loaded with kpatch.ko. Covers the record walk,
# relocations to non-exported symbols (64, PC32, 32S, sympos), callbacks and
# hooks, and the refusals of an unknown symbol, a failing pre-patch and a
# relocation whose value does not fit.

load ../lib/guest

# build_output KDIR VARIANT DIR [CFLAGS...]: compile output.c into DIR/output.o
build_output() {
	local kdir=$1 variant=$2 dir=$3
	shift 3
	mkdir -p "$dir"
	cp "$KP_ROOT/test/core/glue/output.c" "$dir/"
	printf 'obj-m := output.o\nccflags-y := -I%s -I%s -DKP_VARIANT=%s %s\n' \
		"$KP_ROOT/kmod/patch" "$KP_ROOT/kmod/core" "$variant" "$*" >"$dir/Kbuild"
	make -C "$kdir" M="$dir" output.o >"$dir/build.log" 2>&1 || {
		cat "$dir/build.log" >&2
		return 1
	}
}

# build_patch KDIR NAME OUTPUT_O: kpatch-NAME.ko the way kpatch-build makes it
# (kpatch-build/lib/module.sh), into the payload
build_patch() {
	local kdir=$1 name=$2 dir=$BATS_TEST_TMPDIR/mod-$2
	mkdir -p "$dir"
	cp -r "$KP_ROOT/kmod/patch/." "$dir/"
	cp "$KP_ROOT/kmod/core/kpatch.h" "$dir/"
	cp "$3" "$dir/output.o"
	make -C "$kdir" M="$dir" KPATCH_NAME="$name" KPATCH_REPLACE=0 \
		KBUILD_EXTRA_SYMBOLS="$BATS_TEST_TMPDIR/core/Module.symvers" \
		modules >"$dir/build.log" 2>&1 || {
		cat "$dir/build.log" >&2
		return 1
	}
	cp "$dir/kpatch-$name.ko" "$BATS_TEST_TMPDIR/payload/"
}

# build_case KDIR [CFLAGS...]: kpatch.ko and the four patch modules
build_case() {
	local kdir=$1 t=$BATS_TEST_TMPDIR v
	shift
	mkdir -p "$t/core" "$t/payload"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$t/core/"
	kp_build_module "$t/core" "$kdir"
	cp "$t/core/kpatch.ko" "$KP_ROOT/test/core/glue/guest.sh" "$t/payload/"
	for v in 0 1 2 3; do
		build_output "$kdir" "$v" "$t/obj-$v" "$@"
	done
	# The stand-in must carry what the differ reads, and the glue's
	# link must drop it again (kpatch.lds).
	readelf -SW "$t/obj-0/output.o" | grep -q '\.kpatch\.ignore\.functions'
	build_patch "$kdir" glue-test "$t/obj-0/output.o"
	build_patch "$kdir" glue-badreloc "$t/obj-1/output.o"
	build_patch "$kdir" glue-prefail "$t/obj-2/output.o"
	build_patch "$kdir" glue-narrow "$t/obj-3/output.o"
	if readelf -SW "$t/payload/kpatch-glue-test.ko" | grep -q '\.kpatch\.ignore\|\.kpatch\.force'; then
		echo "ignore/force sections reached the module" >&2
		return 1
	fi
}

check_output() {
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"refused kpatch-glue-badreloc.ko"* ]]
	[[ "$output" == *"kp_no_such_symbol (sympos 0): not found in vmlinux"* ]]
	[[ "$output" == *"cannot resolve kp_no_such_symbol in vmlinux"* ]]
	[[ "$output" == *"refused kpatch-glue-prefail.ko"* ]]
	[[ "$output" == *"pre-patch callback for vmlinux failed: -1"* ]]
	[[ "$output" == *"refused kpatch-glue-narrow.ko"* ]]
	[[ "$output" == *"kpatch_glue_narrow: reloc type 10 to saved_command_line at "*" overflows"* ]]
	[[ "$output" == *"relocations right: "* ]]
	[[ "$output" == *"enabled=1 replace=0"* ]]
	[[ "$output" == *"reverted: $(sed -n 's/^before: //p' <<<"$output")"* ]]
	[[ "$output" == *"reapplied: kpatched"* ]]
	[[ "$output" == *"after: $(sed -n 's/^before: //p' <<<"$output")"* ]]
	# Callbacks and hooks in order, for one apply, revert, re-apply, revert.
	local order
	order=$(grep -o 'glue-test: [a-z_ ]*' <<<"$output" | tr '\n' ',')
	[[ "$order" == *"glue-test: pre_patch vmlinux,glue-test: load hook,glue-test: post_patch vmlinux,glue-test: pre_unpatch vmlinux,glue-test: unload hook,glue-test: post_unpatch vmlinux,glue-test: pre_patch vmlinux,"* ]]
	[[ "$output" == *"glue: done"* ]]
}

@test "patch glue: kpatch-build's link of a hand-written output.o, relocations, callbacks, refusals (test kernel)" {
	local addr size
	addr=$(awk '$3 == "cmdline_proc_show" { print $1 }' "$KP_KDIR/System.map")
	size=$(nm -S "$KP_KDIR/vmlinux" | awk '$4 == "cmdline_proc_show" { print $2 }')
	build_case "$KP_KDIR" "-DKP_OLD_ADDR=0x$addr -DKP_OLD_SIZE=0x$size"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$BATS_TEST_TMPDIR/payload" guest.sh
	check_output
}

@test "patch glue: the same on Debian's cloud kernel" {
	build_case "$KP_DEBIAN_KDIR"
	kp_guest --debian "$BATS_TEST_TMPDIR/payload" guest.sh
	check_output
}

# sec_line OBJ SECTION: SECTION's readelf -S line without the index (fields:
# name type address offset size entsize flags link info alignment)
sec_line() {
	readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] //' | awk -v s="$2" '$1 == s'
}

@test "kpatch-macros.h: the encodings create-diff-object reads (8-byte pointers, 16-byte hooks, alignment 8)" {
	local o=$BATS_TEST_TMPDIR/obj/output.o sec line
	mkdir -p "$BATS_TEST_TMPDIR/core"
	build_output "$KP_KDIR" 0 "$BATS_TEST_TMPDIR/obj"
	for sec in .kpatch.ignore.functions .kpatch.ignore.sections .kpatch.force \
		.kpatch.hooks.load .kpatch.hooks.unload .kpatch.callbacks.pre_patch \
		.kpatch.callbacks.post_patch .kpatch.callbacks.pre_unpatch \
		.kpatch.callbacks.post_unpatch; do
		line=$(sec_line "$o" "$sec")
		echo "$sec: $line"
		[ -n "$line" ]
		# one record: 8 bytes of pointer, or pointer + objname
		case $sec in
		.kpatch.ignore.* | .kpatch.force) [ "$(awk '{ print $5 }' <<<"$line")" = 000008 ] ;;
		*) [ "$(awk '{ print $5 }' <<<"$line")" = 000010 ] ;;
		esac
		[ "$(awk '{ print $NF }' <<<"$line")" = 8 ]
		# exactly one relocation, an R_X86_64_64 at offset 0: objname
		# stays NULL for create-diff-object to fill
		run bash -c "readelf -rW '$o' | sed -n \"/'.rela$sec'/,/^\$/p\" | grep R_X86_64"
		echo "$output"
		[ "${#lines[@]}" -eq 1 ]
		[[ "${lines[0]}" == 0000000000000000*R_X86_64_64* ]]
	done
	# the ignored section's name is a string
	run bash -c "readelf -rW '$o' | sed -n \"/'.rela.kpatch.ignore.sections'/,/^\$/p\""
	[[ "$output" == *".rodata.str"* ]]
}
