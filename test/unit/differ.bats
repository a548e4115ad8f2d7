#!/usr/bin/env bats
# Unit tests of create-diff-object: object pairs compiled from the small C
# cases in test/differ/cases/ (one test each, run by test/differ/run-case.sh
# against their `expect` files), object pairs from the test kernel in
# test/differ/real/, and the command's handling of bad input. The cases run
# the ASan+UBSan build (any sanitizer report fails a case); the self-diff of
# every test-kernel object runs the plain build, for speed.

setup_file() {
	local root
	root=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	make -C "$root/kpatch-build" all san >/dev/null
}

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	CDO=${CDO:-$KP_ROOT/kpatch-build/san/create-diff-object}
	export CDO
	CASES=$KP_ROOT/test/differ/cases
	REAL=$KP_ROOT/test/differ/real
	REAL612=$KP_ROOT/test/differ/real612
}

# differ_case DIR: run one case; skip when it cannot run here.
differ_case() {
	run "$KP_ROOT/test/differ/run-case.sh" "$1"
	echo "$output"
	[ "$status" -ne 77 ] || skip "${output##*skip: }"
	[ "$status" -eq 0 ]
}

need_cdo() {
	[ -x "$CDO" ]
}

# cdo ORIG PATCHED: run create-diff-object with the parent, SYMTAB and
# SYMVERS of the configs.ko real pair, output in the test's directory.
cdo() {
	run "$CDO" "$1" "$2" configs "$REAL/configs-module/symtab" "$REAL/configs-module/symvers" \
		kpatch_test "$BATS_TEST_TMPDIR/out.o"
	echo "status $status: $output"
}

# section_offset OBJ NAME: the file offset of section NAME.
section_offset() {
	readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] //' | awk -v n="$2" '$1 == n { print strtonum("0x" $4) }'
}

# corrupt_offsets OBJ: file offsets worth corrupting: ELF header fields,
# fields of every third section header, symbols, and relocations.
corrupt_offsets() {
	local obj=$1 shoff shnum off i f
	shoff=$(od -An -t u8 -j 40 -N 8 "$obj" | tr -d ' ')
	shnum=$(od -An -t u2 -j 60 -N 2 "$obj" | tr -d ' ')
	printf '%s\n' 24 32 40 58 60 62
	for ((i = 1; i < shnum; i += 3)); do
		for f in 4 24 32 40 44 56; do
			printf '%s\n' $((shoff + i * 64 + f))
		done
	done
	off=$(section_offset "$obj" .symtab)
	for ((i = 1; i < 40; i += 4)); do
		printf '%s\n' $((off + i * 24)) $((off + i * 24 + 6)) $((off + i * 24 + 8))
	done
	off=$(section_offset "$obj" .rela.text.ikconfig_read_current)
	for ((i = 0; i < 4; i++)); do
		printf '%s\n' $((off + i * 24 + 8)) $((off + i * 24 + 12)) $((off + i * 24 + 16))
	done
}

# no_crash: the last run ended by itself, not by a signal or a hang.
no_crash() {
	[ "$status" -lt 124 ]
}

# cdo_pair PAIR OUT [ENV...]: create-diff-object on a real pair into OUT.
cdo_pair() {
	local pair=$REAL/$1 out=$2 parent
	shift 2
	parent=$(awk '$1 == "parent" { print $2 }' "$pair/expect")
	run env "$@" "$CDO" "$pair/orig.o" "$pair/patched.o" "${parent:-vmlinux}" \
		"$pair/symtab" "$pair/symvers" kpatch_test "$out"
	echo "status $status: $output"
}

# fake_cdo NAME BODY: a stand-in create-diff-object for testing the runner.
fake_cdo() {
	printf '#!/bin/bash\n%s\n' "$2" >"$BATS_TEST_TMPDIR/$1"
	chmod +x "$BATS_TEST_TMPDIR/$1"
}

@test "differ changed-function: a changed function alone goes in, with its record and mcount entry" {
	differ_case "$CASES/changed-function"
}

@test "differ new-function: a new function goes in without a record" {
	differ_case "$CASES/new-function"
}

@test "differ new-data: new global, static and static-local data is included" {
	differ_case "$CASES/new-data"
}

@test "differ unchanged: a comment-only change is status 3" {
	differ_case "$CASES/unchanged"
}

@test "differ line-warn: line numbers moving in __bug_table entries are status 3" {
	differ_case "$CASES/line-warn"
}

@test "differ line-might-sleep: __LINE__ passed to __might_sleep/WARN is status 3" {
	differ_case "$CASES/line-might-sleep"
}

@test "differ line-and-change: a moved function stays out when another really changed" {
	differ_case "$CASES/line-and-change"
}

@test "differ gcc-isra: a changed .isra clone goes in alone" {
	differ_case "$CASES/gcc-isra"
}

@test "differ gcc-constprop: a changed .constprop clone goes in alone" {
	differ_case "$CASES/gcc-constprop"
}

@test "differ gcc-clone-renumbered: clones renumbered in a middle part are paired by their callers" {
	differ_case "$CASES/gcc-clone-renumbered"
}

@test "differ names-two-numbers: a name renumbered in both its numbered parts is the same function" {
	differ_case "$CASES/names-two-numbers"
}

@test "differ cswtch-renumbered: a renumbered merged switch table is neither moved nor a change" {
	differ_case "$CASES/cswtch-renumbered"
}

@test "differ clone-disappears: a plain function replacing a .constprop clone is new" {
	differ_case "$CASES/clone-disappears"
}

@test "differ gcc-part: a changed .part clone goes in without the inlined callers" {
	differ_case "$CASES/gcc-part"
}

@test "differ gcc-cold: a changed function comes with its .cold child" {
	differ_case "$CASES/gcc-cold"
}

@test "differ gcc-cold-only: a change in the .cold child brings the parent" {
	differ_case "$CASES/gcc-cold-only"
}

@test "differ static-local-renumbered: static locals whose gcc number changed still correlate" {
	differ_case "$CASES/static-local-renumbered"
}

@test "differ static-local-moved: a static local moved into an inlined helper stays the kernel's" {
	differ_case "$CASES/static-local-moved"
}

@test "differ scope-global-to-static: a function turned static is not new" {
	differ_case "$CASES/scope-global-to-static"
}

@test "differ scope-static-to-global: a function turned global is not new" {
	differ_case "$CASES/scope-static-to-global"
}

@test "differ changed-callee: a changed caller calls the changed callee in the output" {
	differ_case "$CASES/changed-callee"
}

@test "differ ops-table: a function reached through an unchanged ops table goes in alone" {
	differ_case "$CASES/ops-table"
}

@test "differ function-pointer: the address of an unchanged static function is the kernel's" {
	differ_case "$CASES/function-pointer"
}

@test "differ helper-inlined: a helper that disappears into its caller is not refused" {
	differ_case "$CASES/helper-inlined"
}

@test "differ removed-function: a deleted function is not an error" {
	differ_case "$CASES/removed-function"
}

@test "differ parent-static: calls to the parent's static function and data become records" {
	differ_case "$CASES/parent-static"
}

@test "differ exported-call: exported symbols stay undefined" {
	differ_case "$CASES/exported-call"
}

@test "differ unexported-call: non-exported symbols become records" {
	differ_case "$CASES/unexported-call"
}

@test "differ exported-changed: a changed exported function is not exported again" {
	differ_case "$CASES/exported-changed"
}

@test "differ replacement-local: replacements are local in the output, found through their records; a new function stays global" {
	differ_case "$CASES/replacement-local"
}

@test "differ refuse-new-global-export: a new global function named like an export is refused" {
	differ_case "$CASES/refuse-new-global-export"
}

@test "differ exported-offset: references at an offset into an exported object keep their addends" {
	differ_case "$CASES/exported-offset"
}

@test "differ mid-section-addend: references into the middle of objects and sections keep their target" {
	differ_case "$CASES/mid-section-addend"
}

@test "differ sympos-second: a duplicate local earlier and lower gives sympos 2" {
	differ_case "$CASES/sympos-second"
}

@test "differ cold-sympos: a .cold part's own position among same-named cold parts, or none" {
	differ_case "$CASES/cold-sympos"
}

@test "differ sympos-first: a duplicate local later and higher gives sympos 1" {
	differ_case "$CASES/sympos-first"
}

@test "differ sympos-by-address: sympos counts in address (kallsyms) order for vmlinux" {
	differ_case "$CASES/sympos-by-address"
}

@test "differ sympos-module: sympos counts in symbol-table order for a module" {
	differ_case "$CASES/sympos-module"
}

@test "differ module-parent: a module's object records the module as objname" {
	differ_case "$CASES/module-parent"
}

@test "differ cross-object-new: a module object's call to a new global of another object of the patch is left to the linker" {
	differ_case "$CASES/cross-object-new"
}

@test "differ bug-table: only the changed function's __bug_table entry is kept" {
	differ_case "$CASES/bug-table"
}

@test "differ bug-table-other-size: BUG_STRUCT_SIZE from the environment is honoured" {
	differ_case "$CASES/bug-table-other-size"
}

@test "differ ex-table: only the changed function's __ex_table entry is kept" {
	differ_case "$CASES/ex-table"
}

@test "differ ex-table-fixup: an older kernel's .fixup code is kept only for the changed function" {
	differ_case "$CASES/ex-table-fixup"
}

@test "differ alternatives: only the changed function's .altinstructions entry is kept" {
	differ_case "$CASES/alternatives"
}

@test "differ alternatives-no-replacement: entries with fewer relocations than their neighbours fit the entry size" {
	differ_case "$CASES/alternatives-no-replacement"
}

@test "differ alternatives-wrong-size: an entry without its first field's relocation is an error naming the offset" {
	differ_case "$CASES/alternatives-wrong-size"
}

@test "differ jump-table-wrong-size: a relocation on no field of an entry is an error naming the offset" {
	differ_case "$CASES/jump-table-wrong-size"
}

@test "differ altinstr-aux: static_cpu_has's .altinstr_aux code comes only with its function" {
	differ_case "$CASES/altinstr-aux"
}

@test "differ jump-table: only the changed function's __jump_table entry is kept" {
	differ_case "$CASES/jump-table"
}

@test "differ jump-table-local-key: a jump label on a non-exported kernel key is kept, its key an early record" {
	differ_case "$CASES/jump-table-local-key"
}

@test "differ jump-table-static-key: a jump label on a file-local kernel key stays the kernel's, an early record" {
	differ_case "$CASES/jump-table-static-key"
}

@test "differ jump-table-module-key: a jump label on a patched module's own key is refused (static_key_enabled)" {
	differ_case "$CASES/jump-table-module-key"
}

@test "differ static-call-local-key: a static call site on a non-exported key is kept, key and call early records" {
	differ_case "$CASES/static-call-local-key"
}

@test "differ jump-table-new-key: a jump label on a key the patch defines is kept" {
	differ_case "$CASES/jump-table-new-key"
}

@test "differ smp-locks: only the changed function's .smp_locks entry is kept" {
	differ_case "$CASES/smp-locks"
}

@test "differ refuse-init: a changed __init function is refused" {
	differ_case "$CASES/refuse-init"
}

@test "differ refuse-data: changed initialised global data is refused" {
	differ_case "$CASES/refuse-data"
}

@test "differ refuse-static-data: changed initialised static data is refused" {
	differ_case "$CASES/refuse-static-data"
}

@test "differ refuse-percpu: a changed .data..percpu variable is refused" {
	differ_case "$CASES/refuse-percpu"
}

@test "differ refuse-percpu-new-beside: a new DEFINE_PER_CPU variable beside existing ones in .data..percpu is refused" {
	differ_case "$CASES/refuse-percpu-new-beside"
}

@test "differ percpu-new: an object's first per-CPU variable goes into the output's .data..percpu" {
	differ_case "$CASES/percpu-new"
}

@test "differ refuse-percpu-new-shared-aligned: a new per-CPU variable in .data..percpu..shared_aligned is refused" {
	differ_case "$CASES/refuse-percpu-new-shared-aligned"
}

@test "differ refuse-percpu-new-page-aligned: a new per-CPU variable in .data..percpu..page_aligned is refused" {
	differ_case "$CASES/refuse-percpu-new-page-aligned"
}

@test "differ refuse-percpu-new-read-mostly: a new per-CPU variable in .data..percpu..read_mostly is refused" {
	differ_case "$CASES/refuse-percpu-new-read-mostly"
}

@test "differ refuse-percpu-new-decrypted: a new per-CPU variable in .data..percpu..decrypted is refused" {
	differ_case "$CASES/refuse-percpu-new-decrypted"
}

@test "differ refuse-read-mostly: a changed __read_mostly variable is refused" {
	differ_case "$CASES/refuse-read-mostly"
}

@test "differ refuse-notrace: a changed function without fentry is refused" {
	differ_case "$CASES/refuse-notrace"
}

@test "differ ignore-function: KPATCH_IGNORE_FUNCTION leaves a changed function out" {
	differ_case "$CASES/ignore-function"
}

@test "differ ignore-function-notrace: KPATCH_IGNORE_FUNCTION makes a refused change acceptable" {
	differ_case "$CASES/ignore-function-notrace"
}

@test "differ ignore-section: KPATCH_IGNORE_SECTION makes an __init change acceptable" {
	differ_case "$CASES/ignore-section"
}

@test "differ force-unsafe: KPATCH_FORCE_UNSAFE sets the record's force flag" {
	differ_case "$CASES/force-unsafe"
}

@test "differ hooks: load/unload hooks come with their functions" {
	differ_case "$CASES/hooks"
}

@test "differ hooks-module: a module object's hooks name the module" {
	differ_case "$CASES/hooks-module"
}

@test "differ callbacks: patch/unpatch callbacks come with their functions" {
	differ_case "$CASES/callbacks"
}

@test "differ line-dyndbg: a pr_debug descriptor's moved line is status 3" {
	differ_case "$CASES/line-dyndbg"
}

@test "differ dyndbg-own-copy: a changed function's pr_debug descriptor is the patch's own copy" {
	differ_case "$CASES/dyndbg-own-copy"
}

@test "differ dyndbg-key-only: a descriptor reached only through its jump label's key is the patch's own copy" {
	differ_case "$CASES/dyndbg-key-only"
}

@test "differ dyndbg-renumbered: renumbered __UNIQUE_ID_ddebug descriptors leave untouched functions unchanged" {
	differ_case "$CASES/dyndbg-renumbered"
}

@test "differ dyndbg-format-changed: a pr_debug whose format alone changes makes its function changed" {
	differ_case "$CASES/dyndbg-format-changed"
}

@test "differ dyndbg-classmap: a pr_debug site of a class map (drm_dbg-like) is refused, naming it" {
	differ_case "$CASES/dyndbg-classmap"
}

@test "differ line-ubsan: UBSAN data with moved lines is status 3" {
	differ_case "$CASES/line-ubsan"
}

@test "differ ubsan-change: with UBSAN, only the really changed function goes in" {
	differ_case "$CASES/ubsan-change"
}

@test "differ paravirt: only the changed function's .parainstructions entry is kept" {
	differ_case "$CASES/paravirt"
}

@test "differ objtool-sites: objtool's sections keep only the changed function's entries" {
	differ_case "$CASES/objtool-sites"
}

@test "differ refuse-static-key: a changed static key definition is refused" {
	differ_case "$CASES/refuse-static-key"
}

@test "differ refuse-init-data: changed __initdata is refused" {
	differ_case "$CASES/refuse-init-data"
}

@test "differ rodata-changed: changed read-only data is refused like other data" {
	differ_case "$CASES/rodata-changed"
}

@test "differ rodata-used: a changed function may use existing read-only data and new strings" {
	differ_case "$CASES/rodata-used"
}

@test "differ modinfo-import-ns: a module's namespace import is kept in .modinfo" {
	differ_case "$CASES/modinfo-import-ns"
}

@test "differ modinfo-import-ns-builtin: a built-in object's KBUILD_MODNAME.import_ns=NS becomes import_ns=NS, once each" {
	differ_case "$CASES/modinfo-import-ns-builtin"
}

@test "differ unique-id-renamed: an __UNIQUE_ID variable with another counter is not a change" {
	differ_case "$CASES/unique-id-renamed"
}

@test "differ line-printk-index: moved printk index entries are status 3" {
	differ_case "$CASES/line-printk-index"
}

@test "differ printk-index-change: with a printk index, only the changed function goes in" {
	differ_case "$CASES/printk-index-change"
}

@test "differ clang-changed: clang: a changed string changes one function only" {
	differ_case "$CASES/clang-changed"
}

@test "differ clang-new-function: clang: a new function with its string" {
	differ_case "$CASES/clang-new-function"
}

@test "differ clang-unchanged: clang: moved lines are status 3" {
	differ_case "$CASES/clang-unchanged"
}

@test "differ clang-line-warn: clang: moved __bug_table lines are status 3" {
	differ_case "$CASES/clang-line-warn"
}

@test "differ clang-refuse-data: clang: changed initialised data is refused" {
	differ_case "$CASES/clang-refuse-data"
}

@test "differ rodata-global-changed: a changed global const table is refused, naming it" {
	differ_case "$CASES/rodata-global-changed"
}

@test "differ rodata-changed-only: a changed static const table patches its user with a copy" {
	differ_case "$CASES/rodata-changed-only"
}

@test "differ rodata-address: an unchanged const object compared by address is the kernel's" {
	differ_case "$CASES/rodata-address"
}

@test "differ line-errno-changed: an error code next to __func__/__LINE__ is a change" {
	differ_case "$CASES/line-errno-changed"
}

@test "differ line-return-changed: a return value next to a __func__/__LINE__ call is a change" {
	differ_case "$CASES/line-return-changed"
}

@test "differ line-printk-value: a constant printed after __func__ is a change, not a line" {
	differ_case "$CASES/line-printk-value"
}

@test "differ line-std-error: __LINE__ after __func__ moving is status 3" {
	differ_case "$CASES/line-std-error"
}

@test "differ read-mostly-new: a new __read_mostly variable is copied alone, the old one referenced" {
	differ_case "$CASES/read-mostly-new"
}

@test "differ function-pointer-changed: the address of a changed function is the kernel's" {
	differ_case "$CASES/function-pointer-changed"
}

@test "differ moved-function: a function moving to .cpuidle.text is refused by name" {
	differ_case "$CASES/moved-function"
}

@test "differ moved-data: a variable moving to .data..read_mostly is refused by name" {
	differ_case "$CASES/moved-data"
}

@test "differ table-new-entry: a new boot-time table entry (a PCI fixup) beside a changed function is refused naming the table" {
	differ_case "$CASES/table-new-entry"
}

@test "differ table-unchanged: an unchanged boot-time table beside a changed function is no refusal" {
	differ_case "$CASES/table-unchanged"
}

@test "differ static-state-renamed: a renamed static counter is refused, naming both" {
	differ_case "$CASES/static-state-renamed"
}

@test "differ static-state-replaced: a replaced static counter is refused, naming both" {
	differ_case "$CASES/static-state-replaced"
}

@test "differ static-state-fresh: KPATCH_IGNORE_STATIC lets a renamed counter start afresh" {
	differ_case "$CASES/static-state-fresh"
}

@test "differ static-state-helper: a counter reached through a helper and replaced under another name is refused" {
	differ_case "$CASES/static-state-helper"
}

@test "differ static-state-helper-fresh: KPATCH_IGNORE_STATIC on the new name is acknowledged" {
	differ_case "$CASES/static-state-helper-fresh"
}

@test "differ static-state-file-scope: a file-scope counter another function keeps, replaced, is refused" {
	differ_case "$CASES/static-state-file-scope"
}

@test "differ static-state-added: a new static beside the old counter is new data" {
	differ_case "$CASES/static-state-added"
}

@test "differ layout-member-middle: a member added mid-struct under a changed function is refused, naming type, members and function" {
	differ_case "$CASES/layout-member-middle"
}

@test "differ layout-embedded: a struct embedded by value in a typedef'd anonymous one is refused with it; one behind a pointer member is not" {
	differ_case "$CASES/layout-embedded"
}

@test "differ layout-new-code-only: a changed struct only new functions use is built, and said so" {
	differ_case "$CASES/layout-new-code-only"
}

@test "differ layout-enum-inserted: an enumerator inserted under a changed function is refused" {
	differ_case "$CASES/layout-enum-inserted"
}

@test "differ layout-acknowledged: KPATCH_IGNORE_LAYOUT builds a layout change and records it" {
	differ_case "$CASES/layout-acknowledged"
}

@test "differ layout-unused-type: a layout change no changed function uses is no refusal" {
	differ_case "$CASES/layout-unused-type"
}

@test "differ layout-no-dwarf: objects without debug info skip the layout check, said once" {
	differ_case "$CASES/layout-no-dwarf"
}

@test "differ weak-overridden: a changed __weak default an arch function overrides is not patched, status 3" {
	differ_case "$CASES/weak-overridden"
}

@test "differ weak-overridden-caller: a call to an overridden __weak default goes to the kernel's strong one" {
	differ_case "$CASES/weak-overridden-caller"
}

@test "differ weak-running: a changed __weak default without an override is patched" {
	differ_case "$CASES/weak-running"
}

@test "differ weak-other-default: another object's weak default linked instead is refused" {
	differ_case "$CASES/weak-other-default"
}

@test "differ static-func-new-user: a new __func__ user leaves renumbered ones unchanged" {
	differ_case "$CASES/static-func-new-user"
}

@test "differ static-once-new: a new printk_once flag is copied alone out of .data.once" {
	differ_case "$CASES/static-once-new"
}

@test "differ static-once-state: DO_ONCE's flag stays the kernel's" {
	differ_case "$CASES/static-once-state"
}

@test "differ static-lock-two: two static locks are told apart by their functions" {
	differ_case "$CASES/static-lock-two"
}

@test "differ static-ambiguous: a third same-named static in one function is refused" {
	differ_case "$CASES/static-ambiguous"
}

@test "differ special-no-tail-pad: a last special entry without tail padding is read" {
	differ_case "$CASES/special-no-tail-pad"
}

@test "differ special-size-mismatch: an entry size the relocations contradict is an error naming both" {
	differ_case "$CASES/special-size-mismatch"
}

@test "differ rodata-anon-init: a changed anonymous initialiser constant is a change" {
	differ_case "$CASES/rodata-anon-init"
}

@test "differ unique-id-min: a new min() renumbering __UNIQUE_ID counters changes nothing else" {
	differ_case "$CASES/unique-id-min"
}

@test "differ rodata-boot-user: a changed const table read by __init code is refused" {
	differ_case "$CASES/rodata-boot-user"
}

@test "differ static-fresh-own: lock class keys and ratelimit states are the patch's own" {
	differ_case "$CASES/static-fresh-own"
}

@test "differ line-assert: __LINE__ after __FILE__ in an ASSERT printk moving is status 3" {
	differ_case "$CASES/line-assert"
}

@test "differ line-register-copy: __LINE__ beside a copied __func__ moving is status 3" {
	differ_case "$CASES/line-register-copy"
}

@test "differ line-journal-start: __LINE__ passed alone to ext4's journal start moving is status 3" {
	differ_case "$CASES/line-journal-start"
}

@test "differ cmdline: real fs/proc/cmdline.c: one changed function, a record for saved_command_line" {
	differ_case "$REAL/cmdline"
}

@test "differ cmdline-new: real fs/proc/cmdline.c: a new function and new data" {
	differ_case "$REAL/cmdline-new"
}

@test "differ cmdline-hexdump: real print_hex_dump_debug: its key-only descriptor is the patch's own copy" {
	differ_case "$REAL/cmdline-hexdump"
}

@test "differ refcount-lines: real lib/refcount.c: moved WARN_ONCE lines are status 3" {
	differ_case "$REAL/refcount-lines"
}

@test "differ refcount-message: real lib/refcount.c: a change in a function without fentry is refused" {
	differ_case "$REAL/refcount-message"
}

@test "differ kobject-debug: real lib/kobject.c: refused because the object has no ftrace, said so" {
	differ_case "$REAL/kobject-debug"
}

@test "differ sched-text: real kernel/time/timer.c: a changed __sched function is refused for its shared section, its neighbours are unchanged" {
	differ_case "$REAL/sched-text"
}

@test "differ futex-seq: real kernel/futex/core.c: the 6.1.192 fix reversed, a fresh i_seq for last_assigned_seq, is refused" {
	differ_case "$REAL/futex-seq"
}

@test "differ uname: real kernel/sys.c: override_release changes alone" {
	differ_case "$REAL/uname"
}

@test "differ uname-notrace: real kernel/sys.c: a change in notrace __do_sys_newuname is refused" {
	differ_case "$REAL/uname-notrace"
}

@test "differ layout-kallsyms: real kernel/kallsyms.c: a member inserted in kallsym_iter is refused from the DWARF" {
	differ_case "$REAL/layout-kallsyms"
}

@test "differ printk-ringbuffer: real printk_ringbuffer.c: moved WARNs and one changed function" {
	differ_case "$REAL/printk-ringbuffer"
}

@test "differ configs-module: real configs.ko: a module object with module records" {
	differ_case "$REAL/configs-module"
}

@test "differ net-policy: real devinet.c: a changed netlink policy patches its three users with a copy" {
	differ_case "$REAL/net-policy"
}

@test "differ mm-once: real mm/mmap.c: a new pr_warn_once gets flags of its own" {
	differ_case "$REAL/mm-once"
}

@test "differ skcipher-ns: real crypto/skcipher.c: its skcipher.import_ns=CRYPTO_INTERNAL becomes import_ns=CRYPTO_INTERNAL" {
	differ_case "$REAL/skcipher-ns"
}

@test "differ facts-string: report facts: a changed string names both strings, with the function's source lines" {
	differ_case "$CASES/facts-string"
}

@test "differ facts-call: report facts: a call to another function is a relocation change, named" {
	differ_case "$CASES/facts-call"
}

@test "differ facts-lock: report facts: lock calls added, removed and reordered are risks" {
	differ_case "$CASES/facts-lock"
}

@test "differ facts-return: report facts: a changed error code is a return risk; a variadic call's %eax is not" {
	differ_case "$CASES/facts-return"
}

@test "differ facts-tailcall: report facts: tail calls to and from a changed function are risks" {
	differ_case "$CASES/facts-tailcall"
}

@test "differ facts-shadow: report facts: constant shadow ids are named, a computed one is said to be" {
	differ_case "$CASES/facts-shadow"
}

@test "differ facts-irq: report facts: a registered interrupt handler and a callee of interrupt code are irq risks" {
	differ_case "$CASES/facts-irq"
}

@test "differ facts-inline-only: report facts: a change only inside inlined code is inline-only, named by DWARF" {
	differ_case "$CASES/facts-inline-only"
}

@test "differ tables-same-name: two table sections of one name are each compared with their own twin" {
	differ_case "$CASES/tables-same-name"
}

@test "differ tables-same-name-changed: a change in the second table section of a name is refused" {
	differ_case "$CASES/tables-same-name-changed"
}

@test "differ ibt-prefix-new-function: 6.12 flags and Debian's 6.12 objtool: __pfx_ follows its function, a replacement's seal entry is dropped" {
	differ_case "$CASES/ibt-prefix-new-function"
}

@test "differ 6.12 bic-cong-avoid: real Debian 6.12 tcp_bic.o: the changed function takes its __pfx_ padding, its .call_sites/.return_sites/ORC entries; no __patchable_function_entries" {
	differ_case "$REAL612/bic-cong-avoid"
}

@test "differ 6.12 bic-new-helper: real Debian 6.12 tcp_bic.o: a new helper's __pfx_ is not a new function; a new __patchable_function_entries entry is not a table change" {
	differ_case "$REAL612/bic-new-helper"
}

@test "differ 6.12 veth-seal: real Debian 6.12 veth.o: a replacement's .ibt_endbr_seal entry is dropped, said" {
	differ_case "$REAL612/veth-seal"
}

@test "differ 6.12 veth-xdp-tx-err: real Debian 6.12 veth.o: retpoline, static call, jump label, call and return sites of the changed function only" {
	differ_case "$REAL612/veth-xdp-tx-err"
}

@test "differ 6.12 tun-exported: real Debian 6.12 tun.o: a changed exported function's global __pfx_ turns local with it" {
	differ_case "$REAL612/tun-exported"
}

@test "differ 6.12 nv-inline-notrace: real Debian 6.12 tcp_nv.o: a global inline (notrace) function is refused" {
	differ_case "$REAL612/nv-inline-notrace"
}

@test "differ: every case directory has its test above" {
	local d
	for d in "$CASES"/*/ "$REAL"/*/ "$REAL612"/*/; do
		grep -q "differ_case \"\\\$[A-Z0-9]*/$(basename "$d")\"" "$BATS_TEST_FILENAME" ||
			{ echo "no test for $d"; return 1; }
	done
}

@test "differ: usage errors are status 1" {
	need_cdo
	run "$CDO"
	[ "$status" -eq 1 ]
	run "$CDO" a b c d e f
	[ "$status" -eq 1 ]
	run "$CDO" a b c d e f g h
	[ "$status" -eq 1 ]
	run "$CDO" --no-such-option a b c d e f g
	[ "$status" -eq 1 ]
}

@test "differ: a missing input file is status 1, named" {
	need_cdo
	cdo "$BATS_TEST_TMPDIR/none.o" "$REAL/configs-module/patched.o"
	[ "$status" -eq 1 ]
	[[ "$output" == *none.o* ]]
}

@test "differ: a missing SYMTAB is status 1" {
	need_cdo
	run "$CDO" "$REAL/configs-module/orig.o" "$REAL/configs-module/patched.o" configs \
		"$BATS_TEST_TMPDIR/no-symtab" /dev/null kpatch_test "$BATS_TEST_TMPDIR/out.o"
	echo "$output"
	[ "$status" -eq 1 ]
}

@test "differ: a KPATCH_NEW_SYMBOLS file that cannot be read is status 1, named" {
	need_cdo
	KPATCH_NEW_SYMBOLS=$BATS_TEST_TMPDIR/no-list cdo "$REAL/configs-module/orig.o" "$REAL/configs-module/patched.o"
	[ "$status" -eq 1 ]
	[[ "$output" == *no-list*KPATCH_NEW_SYMBOLS* ]]
}

@test "differ: identical objects are status 3 with a summary" {
	need_cdo
	cdo "$REAL/configs-module/orig.o" "$REAL/configs-module/orig.o"
	[ "$status" -eq 3 ]
	[[ "$output" =~ [0-9]+\ changed,\ [0-9]+\ new ]]
	run "$CDO" "$REAL/uname/orig.o" "$REAL/uname/orig.o" vmlinux "$REAL/uname/symtab" \
		"$REAL/uname/symvers" kpatch_test "$BATS_TEST_TMPDIR/out.o"
	[ "$status" -eq 3 ]
}

@test "differ: a non-ELF input is status 1" {
	need_cdo
	printf 'not an object file\n' >"$BATS_TEST_TMPDIR/text.o"
	cdo "$BATS_TEST_TMPDIR/text.o" "$REAL/configs-module/patched.o"
	[ "$status" -eq 1 ]
	cdo "$REAL/configs-module/orig.o" "$BATS_TEST_TMPDIR/text.o"
	[ "$status" -eq 1 ]
}

@test "differ: an empty input is status 1" {
	need_cdo
	: >"$BATS_TEST_TMPDIR/empty.o"
	cdo "$BATS_TEST_TMPDIR/empty.o" "$REAL/configs-module/patched.o"
	[ "$status" -eq 1 ]
}

@test "differ: a truncated object is status 1, not a crash" {
	need_cdo
	local n
	for n in 200 64 4096 40000; do
		head -c "$n" "$REAL/configs-module/patched.o" >"$BATS_TEST_TMPDIR/cut.o"
		cdo "$REAL/configs-module/orig.o" "$BATS_TEST_TMPDIR/cut.o"
		[ "$status" -eq 1 ]
	done
}

@test "differ: an executable instead of a relocatable object is status 1" {
	need_cdo
	cdo /bin/true "$REAL/configs-module/patched.o"
	[ "$status" -eq 1 ]
}

@test "differ: corrupted headers, symbols and relocations never crash it" {
	need_cdo
	local obj=$REAL/configs-module/patched.o off bad=""
	cdo "$REAL/configs-module/orig.o" "$obj"
	[ "$status" -eq 0 ]
	while read -r off; do
		cp "$obj" "$BATS_TEST_TMPDIR/bad.o"
		printf '\377\377\377\177' | dd of="$BATS_TEST_TMPDIR/bad.o" bs=1 seek="$off" conv=notrunc status=none
		run "$CDO" "$REAL/configs-module/orig.o" "$BATS_TEST_TMPDIR/bad.o" configs \
			"$REAL/configs-module/symtab" "$REAL/configs-module/symvers" kpatch_test "$BATS_TEST_TMPDIR/out.o"
		no_crash || bad="$bad $off($status)"
	done < <(corrupt_offsets "$obj")
	[ -z "$bad" ] || { echo "crashed with 4 bytes 0xff 0xff 0xff 0x7f at:$bad"; return 1; }
}

@test "differ: --debug explains more than the plain run" {
	need_cdo
	local plain
	cdo "$REAL/configs-module/orig.o" "$REAL/configs-module/patched.o"
	plain=$(printf '%s\n' "$output" | wc -l)
	run "$CDO" --debug "$REAL/configs-module/orig.o" "$REAL/configs-module/patched.o" configs \
		"$REAL/configs-module/symtab" "$REAL/configs-module/symvers" kpatch_test "$BATS_TEST_TMPDIR/out.o"
	no_crash
	[ "$(printf '%s\n' "$output" | wc -l)" -gt "$plain" ]
}

@test "differ: an unwritable OUTPUT.o is status 1" {
	need_cdo
	run "$CDO" "$REAL/configs-module/orig.o" "$REAL/configs-module/patched.o" configs \
		"$REAL/configs-module/symtab" "$REAL/configs-module/symvers" kpatch_test /nonexistent/dir/out.o
	echo "$output"
	[ "$status" -eq 1 ]
}

@test "differ: the runner's checks fail on a wrong expectation" {
	need_cdo
	mkdir -p "$BATS_TEST_TMPDIR/wrong"
	cp "$CASES/exported-call/orig.c" "$CASES/exported-call/patched.c" "$BATS_TEST_TMPDIR/wrong/"
	printf 'status 0\nfunctions kt_other\n' >"$BATS_TEST_TMPDIR/wrong/expect"
	run "$KP_ROOT/test/differ/run-case.sh" "$BATS_TEST_TMPDIR/wrong"
	echo "$output"
	[ "$status" -eq 1 ]
	printf 'status 3\n' >"$BATS_TEST_TMPDIR/wrong/expect"
	run "$KP_ROOT/test/differ/run-case.sh" "$BATS_TEST_TMPDIR/wrong"
	[ "$status" -eq 1 ]
}

@test "differ: every object of the test kernel against itself is status 3" {
	need_cdo
	local tree
	tree=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	[ -f "$tree/vmlinux" ] || skip "test kernel not built yet"
	CDO=$KP_ROOT/kpatch-build/create-diff-object run "$KP_ROOT/test/differ/self-diff.sh" "$tree"
	echo "$output" | tail -n 40
	[ "$status" -eq 0 ]
}

@test "differ: every object of real Debian 6.12 modules against itself is status 3" {
	need_cdo
	CDO=$KP_ROOT/kpatch-build/create-diff-object run "$REAL612/self-diff.sh"
	echo "$output" | tail -n 40
	[ "$status" -ne 77 ] || skip "${output##*skip: }"
	[ "$status" -eq 0 ]
}

@test "differ: the committed real pairs are what make-pairs.sh builds from the test kernel" {
	local tree d f
	tree=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	[ -f "$tree/vmlinux" ] || skip "test kernel not built yet"
	run "$REAL/make-pairs.sh" --out "$BATS_TEST_TMPDIR/pairs"
	echo "$output"
	[ "$status" -eq 0 ]
	for d in "$REAL"/*/pair; do
		d=$(dirname "$d")
		for f in orig.o patched.o symtab symvers; do
			cmp "$d/$f" "$BATS_TEST_TMPDIR/pairs/$(basename "$d")/$f" ||
				{ echo "$d/$f is stale: run test/differ/real/make-pairs.sh"; return 1; }
		done
	done
}

@test "differ runner: an output that copies patched.o whole fails the invariants" {
	# shellcheck disable=SC2016 # expanded by the fake
	fake_cdo copy 'cp "$2" "$7"; echo "x: 1 changed, 0 new, 0 ignored, 0 refused"'
	CDO=$BATS_TEST_TMPDIR/copy run "$KP_ROOT/test/differ/run-case.sh" "$CASES/parent-static"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"defines kt_count, existing data"* ]]
	[[ "$output" == *"changed function kt_caller has no .kpatch.funcs record"* ]]
	[[ "$output" == *"unexpected kt_bump"* ]]
}

@test "differ runner: a crash is reported as one, whatever the case expects" {
	# shellcheck disable=SC2016 # expanded by the fake
	fake_cdo crash 'kill -SEGV $$'
	CDO=$BATS_TEST_TMPDIR/crash run "$KP_ROOT/test/differ/run-case.sh" "$CASES/refuse-data"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"crashed or hung (status 139)"* ]]
}

@test "differ runner: a sanitizer report fails a case that otherwise passes" {
	# shellcheck disable=SC2016 # expanded by the fake
	fake_cdo asan 'echo "x: 0 changed, 0 new, 0 ignored, 0 refused"; echo "==1==ERROR: AddressSanitizer: heap-use-after-free" >&2; exit 3'
	CDO=$BATS_TEST_TMPDIR/asan run "$KP_ROOT/test/differ/run-case.sh" "$CASES/unchanged"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"sanitizer report"* ]]
}

@test "differ runner: a case skips (77) when create-diff-object is missing" {
	CDO=/nonexistent/create-diff-object run "$KP_ROOT/test/differ/run-case.sh" "$CASES/unchanged"
	[ "$status" -eq 77 ]
}

@test "differ: the same input gives the same output, byte for byte" {
	need_cdo
	cdo_pair printk-ringbuffer "$BATS_TEST_TMPDIR/a.o"
	[ "$status" -eq 0 ]
	cdo_pair printk-ringbuffer "$BATS_TEST_TMPDIR/b.o"
	[ "$status" -eq 0 ]
	cmp "$BATS_TEST_TMPDIR/a.o" "$BATS_TEST_TMPDIR/b.o"
}

@test "differ: without the *_STRUCT_SIZE variables it uses the 6.1 sizes" {
	need_cdo
	cdo_pair uname "$BATS_TEST_TMPDIR/given.o" ALT_STRUCT_SIZE=12 BUG_STRUCT_SIZE=12 \
		EX_STRUCT_SIZE=12 JUMP_STRUCT_SIZE=16 ORC_STRUCT_SIZE=6 PARA_STRUCT_SIZE=16 \
		STATIC_CALL_STRUCT_SIZE=8
	[ "$status" -eq 0 ]
	cdo_pair uname "$BATS_TEST_TMPDIR/default.o" -u ALT_STRUCT_SIZE -u BUG_STRUCT_SIZE \
		-u EX_STRUCT_SIZE -u JUMP_STRUCT_SIZE -u ORC_STRUCT_SIZE -u PARA_STRUCT_SIZE \
		-u STATIC_CALL_STRUCT_SIZE
	[ "$status" -eq 0 ]
	cmp "$BATS_TEST_TMPDIR/given.o" "$BATS_TEST_TMPDIR/default.o"
}

@test "differ: a wrong entry size in the environment is an error, not a crash" {
	need_cdo
	cdo_pair uname "$BATS_TEST_TMPDIR/out.o" BUG_STRUCT_SIZE=7 ALT_STRUCT_SIZE=5
	no_crash
	[ "$status" -ne 0 ]
}

@test "differ callers-notrace: a changed static notrace function is replaced through its two callers" {
	differ_case "$CASES/callers-notrace"
}

@test "differ callers-nested: through a notrace caller, up to one ftrace can redirect" {
	differ_case "$CASES/callers-nested"
}

@test "differ callers-tailcall: a tail jump to it is refused, naming the jumper" {
	differ_case "$CASES/callers-tailcall"
}

@test "differ callers-address: its address in data is refused, naming where" {
	differ_case "$CASES/callers-address"
}

@test "differ callers-init: a caller in vmlinux's boot code is left alone" {
	differ_case "$CASES/callers-init"
}

@test "differ callers-init-module: a caller in a module's __init code is refused, naming it" {
	differ_case "$CASES/callers-init-module"
}

# measure_sizes KDIR: kpatch-build/special-sizes.c compiled against KDIR as
# kpatch-build does (M=, special-sizes.o), its VAR=N lines sorted.
measure_sizes() {
	local dir
	dir=$BATS_TEST_TMPDIR/sizes-$(basename "$1")
	mkdir -p "$dir"
	cp "$KP_ROOT/kpatch-build/special-sizes.c" "$dir/"
	printf 'obj-m := special-sizes.o\n' >"$dir/Kbuild"
	make -s -C "$1" M="$dir" special-sizes.o >&2 || return 1
	readelf -sW "$dir/special-sizes.o" |
		awk '$8 ~ /^kpatch_size_/ { sub("kpatch_size_", "", $8); print $8 "=" $3 }' | sort
}

@test "differ: special-sizes.c measures Debian's 6.1 and 6.12 headers (no paravirt patch sites since 6.8, 14-byte alt_instr on 6.12)" {
	local k61 k612
	k61=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.*-cloud-amd64' | sort | tail -n 1)
	k612=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.12.*-cloud-amd64' | sort | tail -n 1)
	[ -n "$k61" ] && [ -n "$k612" ] || skip "Debian's 6.1 and 6.12 cloud headers are not installed"
	run measure_sizes "$k612"
	echo "6.12: $output"
	[ "$status" -eq 0 ]
	grep -qx 'ALT_STRUCT_SIZE=14' <<<"$output"
	grep -qx 'JUMP_STRUCT_SIZE=16' <<<"$output"
	[[ "$output" != *PARA_STRUCT_SIZE* ]]
	run measure_sizes "$k61"
	echo "6.1: $output"
	[ "$status" -eq 0 ]
	grep -qx 'ALT_STRUCT_SIZE=12' <<<"$output"
	grep -qx 'PARA_STRUCT_SIZE=16' <<<"$output"
}
