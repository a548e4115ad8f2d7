#!/usr/bin/env bats
# The corpus scripts' own logic, without a kernel: case names, reversing a
# fix onto a tree (or saying it does not apply), reading kpatch-build's
# outcome, grouping refusal reasons. The real runs are test/guest/corpus.bats
# and `make check-corpus`.

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	export KPATCH_CACHE=$BATS_TEST_TMPDIR/cache
	T=$BATS_TEST_TMPDIR
}

# A tree whose f.c has the fix, and the two versions the fix came between.
make_fix() {
	mkdir -p "$T/tree/d" "$T/old" "$T/new" "$T/case"
	printf 'int a;\nint f(int x)\n{\n\treturn x;\n}\nint b;\n' >"$T/old/f.c"
	sed 's/return x;/return x + 1;/' "$T/old/f.c" >"$T/new/f.c"
	# The tree has moved on elsewhere: three lines more at the top.
	{ printf '/* 1 */\n/* 2 */\n/* 3 */\n'; cat "$T/new/f.c"; } >"$T/tree/d/f.c"
}

@test "corpus: case names are module-safe, short and distinct" {
	. "$KP_ROOT/scripts/lib.sh"
	. "$KP_ROOT/test/corpus/lib.sh"
	[ "$(corpus_case_name kernel/sched/core.c)" = kernel-sched-core ]
	[ "$(corpus_case_name drivers/acpi/pci_root.c)" = drivers-acpi-pci_root ]
	a=$(corpus_case_name drivers/gpu/drm/amd/display/dc/dcn10/dcn10_hw_sequencer_a.c)
	b=$(corpus_case_name drivers/gpu/drm/amd/display/dc/dcn10/dcn10_hw_sequencer_b.c)
	[ "${#a}" -le 41 ] && [ "${#b}" -le 41 ]
	[ "$a" != "$b" ]
	[[ "$a" =~ ^[A-Za-z0-9_-]+$ ]]
}

@test "corpus: a fix is reversed onto the tree, offsets allowed" {
	. "$KP_ROOT/test/corpus/prepare.sh"
	make_fix
	run reverse_case d/f.c "$T/tree" "$T/old/f.c" "$T/new/f.c" "$T/case"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == case* ]]
	# The case undoes the fix in the tree's own copy and nothing else.
	patch -d "$T/tree" -p1 <"$T/case/patch"
	grep -qx $'\treturn x;' "$T/tree/d/f.c"
	grep -qx '/\* 3 \*/' "$T/tree/d/f.c"
	[ "$(wc -l <"$T/tree/d/f.c")" -eq 9 ]
}

@test "corpus: a fix whose lines changed again does not apply, with the hunk" {
	. "$KP_ROOT/test/corpus/prepare.sh"
	make_fix
	sed -i 's/return x + 1;/return x + 2;/' "$T/tree/d/f.c"
	run reverse_case d/f.c "$T/tree" "$T/old/f.c" "$T/new/f.c" "$T/case"
	echo "$output"
	[[ "$output" == does-not-apply* ]]
	[[ "$output" == *"Hunk #1 FAILED"* ]]
	[ ! -f "$T/case/patch" ]
}

@test "corpus: a tree without the fix does not apply (never reversed twice)" {
	. "$KP_ROOT/test/corpus/prepare.sh"
	make_fix
	cp "$T/old/f.c" "$T/tree/d/f.c"
	run reverse_case d/f.c "$T/tree" "$T/old/f.c" "$T/new/f.c" "$T/case"
	echo "$output"
	[[ "$output" == does-not-apply* ]]
	cmp "$T/old/f.c" "$T/tree/d/f.c"
}

# classify on kpatch-build output of the shapes kpatch-build prints.
classify_output() {
	mkdir -p "$T/c"
	printf '%s\n' "$@" >"$T/c/out"
	: >"$T/c/log"
}

@test "corpus: a refusal is recorded with the differ's reasons verbatim" {
	. "$KP_ROOT/test/corpus/build-case.sh"
	classify_output 'kpatch-build: [  20s] comparing 1 changed object(s)' \
		'  sys.o: unsupported: changed existing variable foo (in .data.foo): a live patch cannot change it' \
		'  sys.o: unsupported: bar uses static key baz in a jump label; the key is not exported' \
		'kpatch-build: error: unsupported change in kernel/sys.o (see above)' \
		'kpatch-build: last lines of /cache/kpatch-build/logs/sys.log:' \
		'    sys.o: unsupported: bar uses static key baz in a jump label; the key is not exported'
	classify "$T/c/out" "$T/c/log" 1 "$T/c/none.ko"
	[ "$(cat "$T/c/outcome")" = refused ]
	[ "$(wc -l <"$T/c/reason")" -eq 2 ]
	[ "$(sed -n 1p "$T/c/reason")" = "changed existing variable foo (in .data.foo): a live patch cannot change it" ]
	[ "$(sed -n 2p "$T/c/reason")" = "bar uses static key baz in a jump label; the key is not exported" ]
}

@test "corpus: a compile error names the compiler's first error" {
	. "$KP_ROOT/test/corpus/build-case.sh"
	classify_output 'kpatch-build: error: the patched kernel failed to build'
	printf '%s\n' '  CC      kernel/sys.o' "kernel/sys.c:12:3: error: 'len' undeclared" \
		'make[3]: *** [scripts/Makefile.build:250: kernel/sys.o] Error 1' >"$T/c/log"
	classify "$T/c/out" "$T/c/log" 1 "$T/c/none.ko"
	[ "$(cat "$T/c/outcome")" = compile-error ]
	[ "$(cat "$T/c/reason")" = "kernel/sys.c:12:3: error: 'len' undeclared" ]
}

@test "corpus: a compile error kpatch-build went past is still a compile error" {
	. "$KP_ROOT/test/corpus/build-case.sh"
	classify_output 'kpatch-build: error: no changed functions found: the patch changes nothing'
	printf '%s\n' "  kernel/sys.c:12:3: error: 'len' undeclared" >"$T/c/log"
	classify "$T/c/out" "$T/c/log" 1 "$T/c/none.ko"
	[ "$(cat "$T/c/outcome")" = compile-error ]
	[ "$(sed -n 1p "$T/c/reason")" = "kernel/sys.c:12:3: error: 'len' undeclared" ]
}

@test "corpus: nothing to patch, a built module and other failures are told apart" {
	. "$KP_ROOT/test/corpus/build-case.sh"
	classify_output 'kpatch-build: error: no changed functions found: the patch changes nothing'
	classify "$T/c/out" "$T/c/log" 1 "$T/c/none.ko"
	[ "$(cat "$T/c/outcome")" = no-change ]
	classify_output 'kpatch-build: error: create-diff-object failed on kernel/sys.o (status 1)'
	classify "$T/c/out" "$T/c/log" 1 "$T/c/none.ko"
	[ "$(cat "$T/c/outcome")" = error ]
	[ "$(cat "$T/c/reason")" = "create-diff-object failed on kernel/sys.o (status 1)" ]
	touch "$T/c/kpatch-x.ko"
	classify_output 'kpatch-build: wrote kpatch-x.ko'
	classify "$T/c/out" "$T/c/log" 0 "$T/c/kpatch-x.ko"
	[ "$(cat "$T/c/outcome")" = built ]
}

@test "corpus: the reason summary counts one refusal of different names once" {
	. "$KP_ROOT/test/corpus/report.sh"
	run mask <<'EOF'
tcp_rcv uses static key __tracepoint_foo in a jump label; the key is not exported
schedule uses static key sched_key in a jump label; the key is not exported
changed existing variable foo (in .data.foo): a live patch cannot change it
changed existing variable bar_2 (in .bss.bar_2): a live patch cannot change it
EOF
	echo "$output"
	[ "$(printf '%s\n' "$output" | sort -u | wc -l)" -eq 2 ]
	[[ "$output" == *"X uses static key X in a jump label; the key is not exported"* ]]
	[[ "$output" == *"changed existing variable X (in X): a live patch cannot change it"* ]]
}
