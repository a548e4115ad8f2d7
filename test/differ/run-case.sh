#!/bin/bash
# Run create-diff-object on one case and check its output.
#
#   run-case.sh [--keep DIR] [--debug] CASE_DIR
#
# A case directory holds either orig.c and patched.c (compiled here with
# kernel-like flags into orig.o and patched.o, both as CASENAME.c so their
# FILE symbols agree) or ready-made orig.o and patched.o (the real pairs in
# test/differ/real/, which bring their own `symtab` and `symvers`, used as
# they are, and `sizes`, the special-section entry sizes VAR=N of their
# kernel in place of 6.1's, if not 6.1).
# For compiled cases the parent (vmlinux, or a module with `parent NAME`) is
# faked by linking orig.o with stubs for every symbol it or patched.o lacks;
# SYMTAB is `readelf -s --wide` of that link. SYMVERS is include/base.symvers
# (the usual kernel exports) plus the case's own file, if any.
#
# The `expect` file, one directive a line, `#` starts a comment:
#   status N                 create-diff-object's exit status (default 0)
#   parent NAME              PARENT argument (default vmlinux; a module parent
#                            is faked with `ld -r`, like a .ko)
#   compiler gcc|clang       default gcc; clang cases skip without clang
#   cflags FLAGS...          extra compiler flags for both files
#   objtool ARGS...          run the test kernel's objtool with ARGS on both
#                            objects, as kbuild does (skip without it)
#   objtool-from debian-6.12 ... Debian's 6.12 objtool instead (from the
#                            installed linux-headers-6.12.*-cloud-amd64)
#   requires CMD             skip the case when CMD is not installed
#   env VAR=VALUE            environment of create-diff-object (the special
#                            section sizes of 6.1 are set by default)
#   link FILE                FILE (C, self-contained) is compiled like the
#                            case and linked into the fake parent too, before
#                            orig.o (an arch override of a weak function)
#   symtab FILE              lines added to SYMTAB after its last local
#   symtab-prepend FILE      lines added before SYMTAB's first symbol
#                            (entries are numbered again afterwards)
#   symvers FILE             Module.symvers lines added to base.symvers
#   new-symbols FILE         the globals other objects of the patch define
#                            anew (KPATCH_NEW_SYMBOLS, as kpatch-build sets it)
#   orig-symbol GLOB         preconditions on what the compiler produced:
#   patched-symbol GLOB        a symbol matching GLOB exists in orig.o /
#   orig-no-symbol GLOB        patched.o, or does not; a section NAME exists
#   patched-no-symbol GLOB
#   orig-section GLOB
#   patched-section GLOB
#   orig-refs FUNC SYMBOL    orig.o's/patched.o's code of FUNC has a
#   orig-no-refs FUNC SYMBOL   relocation to SYMBOL (or SYMBOL's section),
#   patched-refs FUNC SYMBOL   or has none (e.g. no __fentry__ call)
#   patched-no-refs FUNC SYMBOL
#   functions GLOB...        the text symbols of OUTPUT.o (nm types t/T/W) are
#                            exactly these: each matches one GLOB, each GLOB
#                            matches at least one
#   function GLOB            a text symbol matches GLOB
#   no-function GLOB         no text symbol matches GLOB
#   funcs-records N          .kpatch.funcs has N records (72 bytes each)
#   funcs-record NAME [sympos=N] [flags=N] [cold=HEX]
#                            cold: cold_sympos, 16 hex digits
#   relocs-records N         .kpatch.relocs has N records (56 bytes each)
#   relocs-record GLOB [sympos=N] [type=N] [addend=N]
#   early-relocs-records N   .kpatch.relocs.early has N records (the same
#   early-relocs-record GLOB ... layout, written by kpatch.ko at COMING)
#   relocs-points NAME OFF   a .kpatch.relocs record resolves (SYMTAB value
#                            of its symbol + its addend) to SYMTAB's NAME + OFF
#   text-reloc FUNC SYMBOL ADDEND
#                            OUTPUT.o's code of FUNC has a relocation to
#                            SYMBOL with ADDEND (decimal, may be negative)
#   undefined GLOB           a symbol matching GLOB is undefined in OUTPUT.o
#   defined GLOB             a symbol matching GLOB is defined in OUTPUT.o
#   not-defined GLOB         no symbol matching GLOB is defined in OUTPUT.o
#   local NAME, global NAME  OUTPUT.o defines NAME with that binding
#   section NAME             OUTPUT.o has section NAME
#   no-section NAME
#   section-size NAME BYTES
#   section-has GLOB TEXT    the bytes of a section matching GLOB contain TEXT
#   refs SECTION NAME        a relocation of SECTION targets symbol NAME (or
#                            the section of function/object NAME)
#   no-refs SECTION NAME
#   string-at SECTION OFFSET TEXT
#                            the pointer at OFFSET in SECTION (a relocation)
#                            points at the string TEXT; TEXT "@parent" is
#                            the PARENT argument (a NULL objname pointer
#                            counts as "vmlinux", see kpatch-patch.h)
#   reloc-at SECTION OFFSET SYMBOL ADDEND
#                            the relocation at OFFSET in SECTION targets
#                            SYMBOL (a function's own name for its section)
#                            with ADDEND (decimal)
#   says TEXT                stdout+stderr contain TEXT (case-insensitive)
#   says-not TEXT
#   summary KEY=N...         the summary line "<obj>: N changed, N new,
#                            N ignored, N refused" has these counts
#   fact KIND NAME REGEX     the facts file (KPATCH_REPORT_FACTS, always set
#                            here) has a KIND fact about NAME whose detail
#                            matches the extended REGEX (awk); no-fact KIND
#                            [NAME [REGEX]]: none does; "~" in NAME stands
#                            for a space (struct~foo)
#
# With status 0 these always hold as well: readelf reads OUTPUT.o without a
# warning and `ld -r` links it; no .kpatch.ignore.*/.kpatch.force section is
# left; every .kpatch.funcs record names a function that orig.o defines and
# SYMTAB lists (at a valid sympos, with the parent as objname, its new_addr
# pointing at the output function of that name, which is LOCAL, old_addr 0
# or SYMTAB's), and every included function that orig.o defines has a
# record (.cold and .part children excepted); every .kpatch.relocs record
# names a non-exported SYMTAB symbol; every relocation of OUTPUT.o targets a
# defined symbol, an exported one or one of new-symbols; __mcount_loc has
# one entry per fentry call of OUTPUT.o;
# .orc_unwind and .orc_unwind_ip have as many entries; OUTPUT.o defines no
# writable data object that orig.o already has; each output function has
# patched.o's bytes, and each of its relocations is kept or is a record.
#
# A sanitizer report in create-diff-object's output (an ASan/UBSan build
# given as CDO=...) fails the case whatever its status.
#
# Exit 0 pass, 1 fail, 77 skip (tool or create-diff-object missing).
set -uo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CDO=${CDO:-$root/kpatch-build/create-diff-object}
KEEP=""
CDO_DEBUG=()
FAILS=0

GCC_FLAGS=(-O2 -g -std=gnu11 -nostdinc -ffreestanding -fno-pic -mcmodel=kernel
	-mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-80387 -fno-common
	-fno-strict-aliasing -ffunction-sections -fdata-sections -pg -mfentry
	-mrecord-mcount -mindirect-branch=thunk-extern -mindirect-branch-register
	-mfunction-return=thunk-extern -fno-asynchronous-unwind-tables
	-fno-stack-protector -fno-jump-tables -Wall -Werror=implicit-function-declaration)
CLANG_FLAGS=(-O2 -g -std=gnu11 -nostdinc -ffreestanding -fno-pic -mcmodel=kernel
	-mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-80387 -fno-common
	-fno-strict-aliasing -ffunction-sections -fdata-sections -pg -mfentry
	-mretpoline-external-thunk -fno-asynchronous-unwind-tables
	-fno-stack-protector -fno-jump-tables -Wall -Werror=implicit-function-declaration)
# Entry sizes of the special sections in Linux 6.1 x86_64, as kpatch-build
# exports them.
SIZES=(ALT_STRUCT_SIZE=12 BUG_STRUCT_SIZE=12 EX_STRUCT_SIZE=12 JUMP_STRUCT_SIZE=16
	ORC_STRUCT_SIZE=6 PARA_STRUCT_SIZE=16 STATIC_CALL_STRUCT_SIZE=8)

say() { printf '%s\n' "$*"; }
die() {
	say "run-case: $*" >&2
	exit 1
}
skip() {
	say "skip: $*"
	exit 77
}
fail() {
	say "FAIL: $*"
	FAILS=$((FAILS + 1))
}

# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
# shellcheck source=lib/elf.sh
. "$here/lib/elf.sh"
# shellcheck source=lib/invariants.sh
. "$here/lib/invariants.sh"
# shellcheck source=lib/directives.sh
. "$here/lib/directives.sh"

report_failure() {
	say "--- create-diff-object (status $STATUS):"
	sed 's/^/  /' "$WORK/cdo.log" | head -n 60
	[ -f "$WORK/out.o" ] || return 0
	say "--- text symbols of OUTPUT.o:"
	text_symbols | sed 's/^/  /'
	say "--- .kpatch.funcs (name objname sympos flags old_addr old_size new_addr new_size cold_sympos):"
	sed 's/^/  /' "$WORK/funcs" 2>/dev/null
	say "--- .kpatch.relocs (name objname sympos type addend dest):"
	sed 's/^/  /' "$WORK/relocs" 2>/dev/null
	say "--- .kpatch.relocs.early:"
	sed 's/^/  /' "$WORK/relocs-early" 2>/dev/null
	say "--- facts:"
	sed 's/^/  /' "$WORK/facts" 2>/dev/null
}

usage() {
	say "usage: run-case.sh [--keep DIR] [--debug] CASE_DIR" >&2
	exit 1
}

parse_args() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--keep) KEEP=${2:?}; shift ;;
		--debug) CDO_DEBUG=(--debug) ;;
		-*) usage ;;
		*) break ;;
		esac
		shift
	done
	[ $# -eq 1 ] || usage
	CASE=$(cd "$1" 2>/dev/null && pwd) || die "no case directory $1"
}

setup_work() {
	if [ -n "$KEEP" ]; then
		rm -rf "$KEEP"
		mkdir -p "$KEEP"
		WORK=$(cd "$KEEP" && pwd)
	else
		WORK=$(mktemp -d)
		trap 'rm -rf "$WORK"' EXIT
	fi
}

check_requirements() {
	local r
	COMPILER=$(expect_get compiler gcc)
	for r in $(expect_get requires) "$COMPILER"; do
		command -v "$r" >/dev/null || skip "$r is not installed"
	done
	[ -x "$CDO" ] || skip "$CDO not built"
}

main() {
	parse_args "$@"
	NAME=$(basename "$CASE" | tr -c 'A-Za-z0-9_\n' _)
	PARENT=$(expect_get parent vmlinux)
	[ -f "$CASE/orig.o" ] || check_requirements
	[ -x "$CDO" ] || skip "$CDO not built"
	setup_work
	prepare_inputs
	run_cdo
	check_all
	if [ "$FAILS" -gt 0 ]; then
		report_failure
		say "$(basename "$CASE"): $FAILS check(s) failed"
		exit 1
	fi
	say "$(basename "$CASE"): ok (status $STATUS)"
}

main "$@"
