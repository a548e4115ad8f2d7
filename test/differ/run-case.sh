#!/bin/bash
# Run create-diff-object on one case and check its output.
#
#   run-case.sh [--keep DIR] [--debug] CASE_DIR
#
# A case directory holds either orig.c and patched.c (compiled here with
# kernel-like flags into orig.o and patched.o, both as CASENAME.c so their
# FILE symbols agree) or ready-made orig.o and patched.o (the real pairs in
# test/differ/real/, which bring their own `symtab` and `symvers`, used as
# they are).
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
#   requires CMD             skip the case when CMD is not installed
#   env VAR=VALUE            environment of create-diff-object (the special
#                            section sizes of 6.1 are set by default)
#   symtab FILE              lines added to SYMTAB after its last local
#   symtab-prepend FILE      lines added before SYMTAB's first symbol
#                            (entries are numbered again afterwards)
#   symvers FILE             Module.symvers lines added to base.symvers
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
#   functions GLOB...        the text symbols of OUTPUT.o (nm types t/T) are
#                            exactly these: each matches one GLOB, each GLOB
#                            matches at least one
#   function GLOB            a text symbol matches GLOB
#   no-function GLOB         no text symbol matches GLOB
#   funcs-records N          .kpatch.funcs has N records (64 bytes each)
#   funcs-record NAME [sympos=N] [flags=N]
#   relocs-records N         .kpatch.relocs has N records (56 bytes each)
#   relocs-record GLOB [sympos=N] [type=N] [addend=N]
#   relocs-points NAME OFF   a .kpatch.relocs record resolves (SYMTAB value
#                            of its symbol + its addend) to SYMTAB's NAME + OFF
#   text-reloc FUNC SYMBOL ADDEND
#                            OUTPUT.o's code of FUNC has a relocation to
#                            SYMBOL with ADDEND (decimal, may be negative)
#   undefined GLOB           a symbol matching GLOB is undefined in OUTPUT.o
#   defined GLOB             a symbol matching GLOB is defined in OUTPUT.o
#   not-defined GLOB         no symbol matching GLOB is defined in OUTPUT.o
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
#   says TEXT                stdout+stderr contain TEXT (case-insensitive)
#   says-not TEXT
#   summary KEY=N...         the summary line "<obj>: N changed, N new,
#                            N ignored, N refused" has these counts
#
# With status 0 these always hold as well: readelf reads OUTPUT.o without a
# warning and `ld -r` links it; no .kpatch.ignore.*/.kpatch.force section is
# left; every .kpatch.funcs record names a function that orig.o defines and
# SYMTAB lists (at a valid sympos, with the parent as objname, its new_addr
# pointing at the output function of that name, old_addr 0 or SYMTAB's),
# and every included function that orig.o defines has a record (.cold and
# .part children excepted); every .kpatch.relocs record names a non-exported
# SYMTAB symbol; every relocation of OUTPUT.o targets a defined symbol or an
# exported one; __mcount_loc has one entry per fentry call of OUTPUT.o;
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

# ---------------------------------------------------------------- expect

# expect_lines: the directives of the case, comments and blanks removed.
expect_lines() {
	[ -f "$CASE/expect" ] || return 0
	sed -e 's/[[:space:]]#.*$//' -e 's/^#.*$//' -e 's/[[:space:]]*$//' "$CASE/expect" | grep -v '^$'
}

# expect_get KEY [DEFAULT]: the argument of the last KEY directive.
expect_get() {
	local v
	v=$(expect_lines | awk -v k="$1" '$1 == k { sub("^[^ \t]+[ \t]+", ""); v = $0 } END { print v }')
	printf '%s\n' "${v:-${2:-}}"
}

# --------------------------------------------------------------- building

compiler_flags() {
	if [ "$COMPILER" = clang ]; then
		printf '%s\n' "${CLANG_FLAGS[@]}"
	else
		printf '%s\n' "${GCC_FLAGS[@]}"
	fi
}

# compile_one orig|patched: WORK/<which>.o from CASE/<which>.c.
compile_one() {
	local which=$1 dir=$WORK/$1 flags extra
	mkdir -p "$dir"
	cp "$CASE/$which.c" "$dir/$NAME.c"
	mapfile -t flags < <(compiler_flags)
	read -r -a extra <<<"$(expect_get cflags)"
	(cd "$dir" && "$COMPILER" "${flags[@]}" "${extra[@]}" -I"$here/include" -I"$CASE" \
		-c "$NAME.c" -o "$WORK/$which.o") >"$WORK/$which.cc.log" 2>&1 || {
		cat "$WORK/$which.cc.log"
		die "compiling $CASE/$which.c failed"
	}
}

# sym_names OBJ: every symbol name of OBJ with its nm type.
sym_names() {
	nm "$1" 2>/dev/null | awk 'NF == 3 { print $2, $3 } NF == 2 { print $1, $2 }'
}

# undefined_symbols: names patched.o or orig.o need and orig.o does not define.
undefined_symbols() {
	{ nm -u "$WORK/orig.o"; nm -u "$WORK/patched.o"; } | awk '{ print $NF }' | sort -u |
		comm -23 - <(nm --defined-only "$WORK/orig.o" | awk '{ print $3 }' | sort -u)
}

# is_called SYM: every reference to SYM in either object is a call (PLT32).
is_called() {
	readelf -rW "$WORK/orig.o" "$WORK/patched.o" 2>/dev/null |
		awk -v s="$1" '$5 == s && $3 != "R_X86_64_PLT32" { bad = 1 } END { exit bad }'
}

# write_stubs FILE: an assembly file defining what the fake kernel exports.
write_stubs() {
	local sym
	while read -r sym; do
		if is_called "$sym"; then
			printf '\t.text\n\t.globl %s\n\t.type %s,@function\n%s:\n\tret\n\tint3\n\t.size %s,2\n' \
				"$sym" "$sym" "$sym" "$sym"
		else
			printf '\t.data\n\t.globl %s\n\t.type %s,@object\n%s:\n\t.zero 64\n\t.size %s,64\n' \
				"$sym" "$sym" "$sym" "$sym"
		fi
	done < <(undefined_symbols) >"$1"
}

# link_parent: WORK/parent, a kernel-like link of orig.o (or a .ko-like
# relocatable link for a module parent).
link_parent() {
	if [ "$PARENT" != vmlinux ]; then
		# Like a .ko built without function sections: one .text.
		printf 'SECTIONS { .text : { *(.text .text.*) } }\n' >"$WORK/module.lds"
		ld -m elf_x86_64 -r -T "$WORK/module.lds" -o "$WORK/parent" "$WORK/orig.o" ||
			die "ld -r of the fake module failed"
		return
	fi
	# --discard-none: vmlinux is linked so, and keeps .LC* string labels
	write_stubs "$WORK/stubs.s"
	as --64 -o "$WORK/stubs.o" "$WORK/stubs.s" || die "assembling the stubs failed"
	ld -m elf_x86_64 -static -nostdlib -e 0 -z noexecstack --no-warn-rwx-segments --discard-none \
		-Ttext-segment=0xffffffff81000000 -o "$WORK/parent" "$WORK/orig.o" "$WORK/stubs.o" \
		>"$WORK/ld.log" 2>&1 || {
		cat "$WORK/ld.log"
		die "linking the fake vmlinux failed"
	}
}

# case_file KEY: the case file named by directive KEY, or nothing.
case_file() {
	local f
	f=$(expect_get "$1")
	[ -n "$f" ] || return 0
	[ -f "$CASE/$f" ] || die "$CASE: $1 file $f not found"
	printf '%s\n' "$CASE/$f"
}

# make_symtab: WORK/symtab from the parent, with the case's extra lines.
make_symtab() {
	local pre post
	pre=$(case_file symtab-prepend) || exit 1
	post=$(case_file symtab) || exit 1
	readelf -sW "$WORK/parent" | awk -v pre="$pre" -v post="$post" '
		{ l[NR] = $0 }
		$1 ~ /^[0-9]+:$/ && $5 == "LOCAL" { last = NR }
		END {
			for (r = 1; r <= NR; r++) {
				print l[r]
				if (l[r] ~ /^ *0: / && pre != "")
					while ((getline x < pre) > 0) print x
				if (r == last && post != "")
					while ((getline x < post) > 0) print x
			}
		}' | renumber >"$WORK/symtab"
}

# renumber: SYMTAB's entries numbered in order again, after extra lines.
renumber() {
	awk '/^ *[0-9]+: / { n++ } { l[NR] = $0 }
		END {
			i = 0
			for (r = 1; r <= NR; r++) {
				s = l[r]
				if (s ~ /^Symbol table/) sub(/contains [0-9]+ entries/, "contains " n " entries", s)
				if (s ~ /^ *[0-9]+: /) { sub(/^ *[0-9]+:/, sprintf("%6d:", i), s); i++ }
				print s
			}
		}'
}

make_symvers() {
	local extra
	extra=$(case_file symvers) || exit 1
	cat "$here/include/base.symvers" ${extra:+"$extra"} >"$WORK/symvers"
}

# run_objtool: the case's objtool pass over both objects, if it has one.
run_objtool() {
	local args tool
	read -r -a args <<<"$(expect_get objtool)"
	[ "${#args[@]}" -gt 0 ] || return 0
	tool=$("$root/test/kernel/build-kernel.sh" --dir)/tools/objtool/objtool
	[ -x "$tool" ] || skip "objtool of the test kernel not built"
	if ! "$tool" "${args[@]}" "$WORK/orig.o" >"$WORK/objtool.log" 2>&1 ||
		! "$tool" "${args[@]}" "$WORK/patched.o" >>"$WORK/objtool.log" 2>&1; then
		cat "$WORK/objtool.log"
		die "objtool failed on $CASE"
	fi
}

prepare_inputs() {
	if [ -f "$CASE/orig.o" ]; then
		cp "$CASE/orig.o" "$CASE/patched.o" "$WORK/"
		[ -f "$CASE/symtab" ] || die "$CASE: a pair of objects needs its symtab file"
		cp "$CASE/symtab" "$WORK/symtab"
		if [ -f "$CASE/symvers" ]; then cp "$CASE/symvers" "$WORK/symvers"; else : >"$WORK/symvers"; fi
		return
	fi
	compile_one orig
	compile_one patched
	run_objtool
	link_parent
	make_symtab
	make_symvers
}

# ------------------------------------------------------------- running

run_cdo() {
	local envs=("${SIZES[@]}") e
	while read -r e; do
		envs+=("$e")
	done < <(expect_lines | awk '$1 == "env" { print $2 }')
	rm -f "$WORK/out.o"
	env "${envs[@]}" timeout 120 "$CDO" "${CDO_DEBUG[@]}" "$WORK/orig.o" "$WORK/patched.o" \
		"$PARENT" "$WORK/symtab" "$WORK/symvers" "kpatch_$NAME" "$WORK/out.o" \
		>"$WORK/cdo.log" 2>&1
	STATUS=$?
}

# --------------------------------------------------- reading the output

# relf -S|-s|-r OBJ: readelf's wide output, read once per object and kind
# (the objects do not change once create-diff-object has run).
relf() {
	local cache
	cache=$WORK/readelf.$(basename "$2")$1
	[ -f "$cache" ] || readelf "$1" -W "$2" >"$cache" 2>/dev/null
	cat "$cache"
}

# section_index OBJ: "index name" for every section header.
section_index() {
	relf -S "$1" | sed -n 's/^ *\[ *\([0-9][0-9]*\)\] \([^ ]*\).*/\1 \2/p'
}

has_section() {
	section_index "$1" | awk -v s="$2" '$2 == s { f = 1 } END { exit !f }'
}

section_size() {
	relf -S "$1" | awk -v s="$2" '
		{ sub(/^ *\[ *[0-9]+\] /, "") }
		$1 == s { print strtonum("0x" $5); f = 1 }
		END { if (!f) print 0 }'
}

# dump_section OBJ SEC FILE: the bytes of SEC (empty when absent).
dump_section() {
	local cache
	cache=$WORK/dump.$(basename "$1").$(printf '%s' "$2" | tr -c 'A-Za-z0-9_.' _)
	if [ ! -f "$cache" ]; then
		: >"$cache"
		! has_section "$1" "$2" ||
			objcopy --dump-section "$2=$cache" "$1" "$WORK/scratch.o" 2>/dev/null
	fi
	cp "$cache" "$3"
}

# relocs_of OBJ SEC: "offset type symbol addend" for each relocation of SEC.
relocs_of() {
	relf -r "$1" | awk -v s=".rela$2" -v q="'" '
		/^Relocation section/ { on = ($3 == q s q); next }
		on && NF >= 7 && $1 ~ /^[0-9a-f]+$/ {
			a = strtonum("0x" $7); if ($6 == "-") a = -a
			print strtonum("0x" $1), $3, $5, a
		}'
}

# defined_symbol OBJ NAME: "section-name value" of a non-section symbol.
defined_symbol() {
	local ndx value
	read -r value ndx < <(relf -s "$1" | awk -v n="$2" '
		$8 == n && $4 != "SECTION" && $7 != "UND" { print strtonum("0x" $2), $7; exit }')
	[ -n "${ndx:-}" ] || return 1
	printf '%s %s\n' "$(section_index "$1" | awk -v i="$ndx" '$1 == i { print $2 }')" "$value"
}

# string_at OBJ SEC OFFSET: the string a pointer relocation at OFFSET names.
string_at() {
	local obj=$1 sec=$2 off=$3 bias=${4:-0} type sym addend tsec base
	read -r type sym addend < <(relocs_of "$obj" "$sec" | awk -v o="$off" '$1 == o { print $2, $3, $4; exit }')
	[ -n "${sym:-}" ] || return 1
	if read -r tsec base < <(defined_symbol "$obj" "$sym"); then :; else
		tsec=$sym base=0
	fi
	dump_section "$obj" "$tsec" "$WORK/str.bin"
	tail -c +$((base + addend + bias + 1)) "$WORK/str.bin" | tr '\0' '\n' | head -n 1
}

# reloc_target OBJ SEC OFFSET: the symbol (a function's own name when the
# relocation uses its section) a relocation at OFFSET points at, and addend.
reloc_target() {
	relocs_of "$1" "$2" | awk -v o="$3" '$1 == o { s = $3; sub(/^\.text\.(unlikely\.|hot\.)?/, "", s); print s, $4; exit }'
}

# x64_at FILE OFFSET: the 8 bytes at OFFSET as 16 hex digits (an address).
x64_at() {
	od -An -t x8 -j "$2" -N 8 "$1" | tr -d ' '
}
u64_at() {
	od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '
}
s64_at() {
	od -An -t d8 -j "$2" -N 8 "$1" | tr -d ' '
}

# objname_at SEC OFFSET: the objname a record's pointer names; a NULL
# pointer (no relocation) counts as "vmlinux" (kpatch-patch.h).
objname_at() {
	local o
	o=$(string_at "$WORK/out.o" "$1" "$2")
	printf '%s\n' "${o:-vmlinux}"
}

# decode_funcs: WORK/funcs, one line per record:
#   name objname sympos flags old_addr old_size new_target new_size
decode_funcs() {
	local out=$WORK/out.o bin=$WORK/funcs.bin n i o
	dump_section "$out" .kpatch.funcs "$bin"
	n=$(($(stat -c %s "$bin") / 64))
	: >"$WORK/funcs"
	for ((i = 0; i < n; i++)); do
		o=$((i * 64))
		printf '%s %s %s %s %s %s %s %s\n' "$(string_at "$out" .kpatch.funcs $((o + 40)))" \
			"$(objname_at .kpatch.funcs $((o + 48)))" "$(u64_at "$bin" $((o + 32)))" \
			"$(u64_at "$bin" $((o + 56)))" "$(x64_at "$bin" $((o + 16)))" \
			"$(u64_at "$bin" $((o + 24)))" "$(reloc_target "$out" .kpatch.funcs "$o" | awk '{ print $1 }')" \
			"$(u64_at "$bin" $((o + 8)))" >>"$WORK/funcs"
	done
}

# decode_relocs: WORK/relocs, one line per record:
#   name objname sympos type addend dest-function dest-symbol+offset
decode_relocs() {
	local out=$WORK/out.o bin=$WORK/relocs.bin n i o
	dump_section "$out" .kpatch.relocs "$bin"
	n=$(($(stat -c %s "$bin") / 56))
	: >"$WORK/relocs"
	for ((i = 0; i < n; i++)); do
		o=$((i * 56))
		printf '%s %s %s %s %s %s %s\n' "$(string_at "$out" .kpatch.relocs $((o + 32)))" \
			"$(objname_at .kpatch.relocs $((o + 40)))" "$(u64_at "$bin" $((o + 16)))" \
			"$(u64_at "$bin" $((o + 8)))" "$(s64_at "$bin" $((o + 24)))" \
			"$(reloc_target "$out" .kpatch.relocs "$o" | awk '{ print $1 }')" \
			"$(relocs_of "$out" .kpatch.relocs | awk -v o="$o" '$1 == o { print $3 "+" $4; exit }')" \
			>>"$WORK/relocs"
	done
}

text_symbols() {
	nm "$WORK/out.o" | awk '$2 ~ /^[tT]$/ { print $3 }' | sort -u
}

# symtab_entries NAME: "value size file" of each defined SYMTAB symbol NAME
# (file: the FILE a local follows, "-" for a global), in the order sympos
# counts them: kallsyms order, i.e. by address for vmlinux and symbol-table
# order for a module. Values stay hex (addresses do not fit awk's numbers).
symtab_entries() {
	awk -v n="$1" '$1 ~ /^[0-9]+:$/ && $4 == "FILE" { f = $8 }
		$1 ~ /^[0-9]+:$/ && $8 == n && $7 != "UND" { print $2, $3, ($5 == "LOCAL" ? f : "-") }' "$WORK/symtab" |
		if [ "$PARENT" = vmlinux ]; then sort -s -k1,1; else cat; fi
}

exported() {
	awk -v n="$1" '$2 == n { f = 1 } END { exit !f }' "$WORK/symvers"
}

# ------------------------------------------------------------- invariants

check_readable() {
	readelf -aW "$WORK/out.o" >/dev/null 2>"$WORK/readelf.err"
	[ ! -s "$WORK/readelf.err" ] || fail "readelf complains about OUTPUT.o: $(head -n 3 "$WORK/readelf.err")"
	ld -m elf_x86_64 -r -o "$WORK/relinked.o" "$WORK/out.o" >"$WORK/relink.log" 2>&1 ||
		fail "ld -r OUTPUT.o failed: $(head -n 3 "$WORK/relink.log")"
	local s
	for s in .kpatch.ignore.functions .kpatch.ignore.sections .kpatch.force; do
		! has_section "$WORK/out.o" "$s" || fail "$s must not reach OUTPUT.o"
	done
}

# source_file: the FILE symbol of orig.o.
source_file() {
	relf -s "$WORK/orig.o" | awk '$4 == "FILE" { print $8; exit }'
}

# check_sympos NAME SYMPOS WHAT: SYMPOS is 0 for a unique NAME, else 1..count
# and, for a local, the SYMPOS-th NAME belongs to this object's source file.
check_sympos() {
	local count file
	count=$(symtab_entries "$1" | wc -l)
	if [ "$count" -eq 0 ]; then
		fail "$3 record $1: not in SYMTAB"
	elif [ "$count" -eq 1 ] && [ "$2" -ne 0 ] && [ "$2" -ne 1 ]; then
		fail "$3 record $1: sympos $2 for a unique symbol"
	elif [ "$count" -gt 1 ] && { [ "$2" -lt 1 ] || [ "$2" -gt "$count" ]; }; then
		fail "$3 record $1: sympos $2, but SYMTAB has $count of that name"
	elif [ "$count" -gt 1 ]; then
		file=$(symtab_entries "$1" | awk -v p="$2" 'NR == p { print $3 }')
		[ "$file" = - ] || [ "$file" = "$(source_file)" ] ||
			fail "$3 record $1: sympos $2 is the one in $file, not $(source_file)"
	fi
}

check_old_addr() {
	local name=$1 sympos=$2 addr=$3 size=$4 want
	[ $((16#$addr)) -ne 0 ] || return 0
	read -r -a want < <(symtab_entries "$name" | sed -n "${sympos/#0/1}p")
	if [ "${#want[@]}" -ne 3 ] || [ $((16#${want[0]})) -ne $((16#$addr)) ] || [ "${want[1]}" != "$size" ]; then
		fail "funcs record $name: old_addr/size $addr $size, SYMTAB says ${want[*]:-nothing}"
	fi
}

check_funcs_records() {
	local name obj pos flags oaddr osize target nsize
	while read -r name obj pos flags oaddr osize target nsize; do
		[ "$obj" = "$PARENT" ] || fail "funcs record $name: objname '$obj', not $PARENT"
		check_sympos "$name" "$pos" funcs
		check_old_addr "$name" "$pos" "$oaddr" "$osize"
		[ "$target" = "$name" ] || fail "funcs record $name: new_addr points at '$target'"
		[ "$flags" -le 1 ] || fail "funcs record $name: unknown flags $flags"
		[ "$nsize" -gt 0 ] || fail "funcs record $name: new_size 0"
	done <"$WORK/funcs"
}

has_record() {
	awk -v n="$1" '$1 == n { f = 1 } END { exit !f }' "$WORK/funcs"
}

# Every included function that orig.o has gets a record, and only those.
check_funcs_complete() {
	local f
	while read -r f; do
		case "$f" in *.cold | *.cold.* | *.part.*) continue ;; esac
		if nm --defined-only "$WORK/orig.o" | awk -v f="$f" '$3 == f { x = 1 } END { exit !x }'; then
			has_record "$f" || fail "changed function $f has no .kpatch.funcs record"
		else
			! has_record "$f" || fail "new function $f has a .kpatch.funcs record"
		fi
	done < <(text_symbols)
}

check_relocs_records() {
	local name obj pos type addend dest
	while read -r name obj pos type addend dest; do
		if [ "$PARENT" != vmlinux ] && [ -z "$(symtab_entries "$name")" ]; then
			# not the module's: a non-exported symbol of vmlinux
			[ "$obj" = vmlinux ] || fail "relocs record $name: objname '$obj', not vmlinux"
			continue
		fi
		[ "$obj" = "$PARENT" ] || fail "relocs record $name: objname '$obj', not $PARENT"
		check_sympos "$name" "$pos" relocs
		! exported "$name" || fail "relocs record for exported $name (should stay undefined)"
		[ -n "$dest" ] || fail "relocs record $name: dest has no relocation"
	done <"$WORK/relocs"
}

# sym_place OBJ NAME: "section value size" of the function NAME in OBJ.
sym_place() {
	local ndx value size
	read -r value size ndx < <(relf -s "$1" | awk -v n="$2" '$8 == n && $4 == "FUNC" && $7 ~ /^[0-9]+$/ {
		print strtonum("0x" $2), $3, $7; exit }')
	[ -n "${ndx:-}" ] || return 1
	printf '%s %s %s\n' "$(section_index "$1" | awk -v i="$ndx" '$1 == i { print $2 }')" "$value" "$size"
}

# func_bytes OBJ SECTION VALUE SIZE: a checksum of a function's bytes.
func_bytes() {
	dump_section "$1" "$2" "$WORK/fn.bin"
	tail -c +$(($3 + 1)) "$WORK/fn.bin" | head -c "$4" | md5sum
}

# relocs_in OBJ SECTION VALUE SIZE: how many relocations fall in a function.
relocs_in() {
	relocs_of "$1" "$2" | awk -v lo="$3" -v hi=$(($3 + $4)) '$1 >= lo && $1 < hi { n++ } END { print n + 0 }'
}

# records_in SECTION VALUE SIZE NAME: .kpatch.relocs records whose dest is
# in the function (by its section or its own symbol).
records_in() {
	awk -v sec="$1" -v lo="$2" -v hi=$(($2 + $3)) -v fn="$4" '{
		split($7, d, "+"); off = d[2] + 0
		if ((d[1] == sec && off >= lo && off < hi) || (d[1] == fn && off >= 0 && off < hi - lo)) n++
	} END { print n + 0 }' "$WORK/relocs"
}

# check_strings F PSEC PVAL PSIZE OSEC OVAL: each string F uses in patched.o
# (a reference into a .rodata*str* section) is the same string in OUTPUT.o.
check_strings() {
	local f=$1 off type sym bias want got
	while read -r off type sym _; do
		case "$sym" in .rodata*str*) ;; *) continue ;; esac
		bias=0
		case "$type" in R_X86_64_PC32 | R_X86_64_PLT32) bias=4 ;; esac
		want=$(string_at "$WORK/patched.o" "$2" "$off" "$bias")
		got=$(string_at "$WORK/out.o" "$5" $((off - $3 + $6)) "$bias") || continue
		[ "$got" = "$want" ] || fail "$f uses the string '$want' in patched.o but '$got' in OUTPUT.o"
	done < <(relocs_of "$WORK/patched.o" "$2" | awk -v lo="$3" -v hi=$(($3 + $4)) '$1 >= lo && $1 < hi')
}

# Each output function is the patched one: same bytes, and each of its
# relocations is still there or became a .kpatch.relocs record.
check_function_copies() {
	local f osec oval osize psec pval psize want got
	while read -r f; do
		read -r osec oval osize < <(sym_place "$WORK/out.o" "$f") || continue
		read -r psec pval psize < <(sym_place "$WORK/patched.o" "$f") || continue
		if [ "$osize" != "$psize" ] ||
			[ "$(func_bytes "$WORK/out.o" "$osec" "$oval" "$osize")" != "$(func_bytes "$WORK/patched.o" "$psec" "$pval" "$psize")" ]; then
			fail "$f in OUTPUT.o differs from patched.o's"
			continue
		fi
		check_strings "$f" "$psec" "$pval" "$psize" "$osec" "$oval"
		want=$(relocs_in "$WORK/patched.o" "$psec" "$pval" "$psize")
		got=$(($(relocs_in "$WORK/out.o" "$osec" "$oval" "$osize") + $(records_in "$osec" "$oval" "$osize" "$f")))
		[ "$want" -eq "$got" ] || fail "$f has $want relocations in patched.o but $got (relocations + records) in OUTPUT.o"
	done < <(text_symbols)
}

# Every relocation targets something defined here or exported.
check_reloc_targets() {
	local sym
	while read -r sym; do
		exported "$sym" || fail "OUTPUT.o references $sym, neither defined nor exported"
	done < <(relf -r "$WORK/out.o" | awk 'NF >= 7 && $1 ~ /^[0-9a-f]+$/ { print $5 }' | sort -u |
		comm -12 - <(nm -u "$WORK/out.o" | awk '{ print $2 }' | sort -u))
}

check_mcount() {
	local calls entries
	has_section "$WORK/orig.o" __mcount_loc || has_section "$WORK/out.o" __mcount_loc || return 0
	calls=$(relf -r "$WORK/out.o" | awk '
		/^Relocation section/ { on = ($3 ~ /^.\.rela\.text/) ; next }
		on && $5 == "__fentry__" { n++ } END { print n + 0 }')
	entries=$(($(section_size "$WORK/out.o" __mcount_loc) / 8))
	[ "$calls" -eq "$entries" ] || fail "__mcount_loc has $entries entries for $calls fentry calls"
}

# writable_objects OBJ: the data symbols OBJ defines in writable sections.
writable_objects() {
	local w
	w=$(relf -S "$1" | sed -n 's/^ *\[ *\([0-9][0-9]*\)\] /\1 /p' |
		awk 'NF == 11 && $8 ~ /W/ { printf "%d ", $1 }')
	relf -s "$1" | awk -v w=" $w" '$4 == "OBJECT" && $7 ~ /^[0-9]+$/ && index(w, " " $7 " ") { print $8 }' | sort -u
}

# No copy of the kernel's existing writable data: the output may define
# only data that orig.o does not have (its state lives in the kernel).
check_no_existing_data() {
	local sym
	while read -r sym; do
		fail "OUTPUT.o defines $sym, existing data of the kernel (a copy loses its state)"
	done < <(comm -12 <(writable_objects "$WORK/out.o") <(writable_objects "$WORK/orig.o"))
}

# ORC: one 6-byte .orc_unwind entry per 4-byte .orc_unwind_ip entry.
check_orc() {
	local ip unwind
	ip=$(section_size "$WORK/out.o" .orc_unwind_ip)
	unwind=$(section_size "$WORK/out.o" .orc_unwind)
	if [ $((ip * 6)) -ne $((unwind * 4)) ]; then
		fail ".orc_unwind_ip has $ip bytes but .orc_unwind $unwind"
	fi
}

check_invariants() {
	check_readable
	check_funcs_records
	check_funcs_complete
	check_relocs_records
	check_reloc_targets
	check_mcount
	check_orc
	check_no_existing_data
	check_function_copies
}

# ------------------------------------------------------------- directives

# matches GLOB: text symbols matching GLOB (bash pattern).
matches() {
	local s
	while read -r s; do
		# shellcheck disable=SC2053 # GLOB is a pattern on purpose
		[[ $s == $1 ]] && printf '%s\n' "$s"
	done < <(text_symbols)
}

check_functions() {
	local s g hit
	for g in "$@"; do
		[ -n "$(matches "$g")" ] || fail "functions: nothing matches $g"
	done
	while read -r s; do
		hit=0
		for g in "$@"; do
			# shellcheck disable=SC2053
			[[ $s == $g ]] && hit=1
		done
		[ "$hit" -eq 1 ] || fail "functions: unexpected $s in OUTPUT.o"
	done < <(text_symbols)
}

# opt KEY ARGS...: the value of KEY=value among ARGS.
opt() {
	local k=$1 a
	shift
	for a in "$@"; do
		[ "${a%%=*}" = "$k" ] && printf '%s\n' "${a#*=}"
	done
}

check_funcs_record() {
	local name=$1 pos flags line
	shift
	pos=$(opt sympos "$@")
	flags=$(opt flags "$@")
	line=$(awk -v n="$name" '$1 == n' "$WORK/funcs" | head -n 1)
	[ -n "$line" ] || {
		fail "no .kpatch.funcs record for $name"
		return
	}
	[ -z "$pos" ] || [ "$(awk '{ print $3 }' <<<"$line")" = "$pos" ] ||
		fail "funcs record $name: sympos $(awk '{ print $3 }' <<<"$line"), want $pos"
	[ -z "$flags" ] || [ "$(awk '{ print $4 }' <<<"$line")" = "$flags" ] ||
		fail "funcs record $name: flags $(awk '{ print $4 }' <<<"$line"), want $flags"
}

check_relocs_record() {
	local glob=$1 pos type addend name rest found=0 r_pos r_type r_addend
	shift
	pos=$(opt sympos "$@")
	type=$(opt type "$@")
	addend=$(opt addend "$@")
	while read -r name rest; do
		# shellcheck disable=SC2053
		[[ $name == $glob ]] || continue
		read -r _ r_pos r_type r_addend _ <<<"$rest"
		[ -z "$pos" ] || [ "$r_pos" = "$pos" ] || continue
		[ -z "$type" ] || [ "$r_type" = "$type" ] || continue
		[ -z "$addend" ] || [ "$r_addend" = "$addend" ] || continue
		found=1
	done <"$WORK/relocs"
	[ "$found" -eq 1 ] || fail "no .kpatch.relocs record matches: $glob $*"
}

check_text_reloc() {
	relocs_of "$WORK/out.o" ".text.$1" | awk -v s="$2" -v a="$3" '$3 == s && $4 == a { f = 1 } END { exit !f }' ||
		fail "no relocation to $2$( ((${3} < 0)) || printf +)$3 in OUTPUT.o's $1"
}

# nm_type GLOB: the nm type of the first symbol of OUTPUT.o matching GLOB.
# symtab_value NAME SYMPOS: SYMTAB's value of NAME (the SYMPOS-th, or the only).
symtab_value() {
	symtab_entries "$1" | awk -v p="$2" 'NR == p || p == 0 { print $1; exit }'
}

check_relocs_points() {
	local want name pos addend base found=0
	want=$(symtab_value "$1" 0)
	[ -n "$want" ] || die "relocs-points: $1 is not in SYMTAB"
	want=$((16#$want + $2))
	while read -r name _ pos _ addend _; do
		base=$(symtab_value "$name" "$pos")
		[ -n "$base" ] && [ $((16#$base + addend)) -eq "$want" ] && found=1
	done <"$WORK/relocs"
	[ "$found" -eq 1 ] || fail "no .kpatch.relocs record resolves to $1+$2"
}

nm_type() {
	local a b c
	while read -r a b c; do
		[ -n "$c" ] || { c=$b b=$a; }
		# shellcheck disable=SC2053
		if [[ $c == $1 ]]; then
			printf '%s\n' "$b"
			return
		fi
	done < <(nm "$WORK/out.o")
}

# ref_names OBJ SEC: symbols SEC's relocations target, section names of
# functions and objects reduced to the function or object name.
ref_names() {
	relocs_of "$1" "$2" | awk '{ s = $3; print s; sub(/^\.(text|data|bss|rodata)\.(unlikely\.|hot\.|rel\.ro\.)?/, "", s); print s }' | sort -u
}

check_refs() {
	local want=$1 sec=$2 name=$3
	if ref_names "$WORK/out.o" "$sec" | grep -qxF "$name"; then
		[ "$want" = yes ] || fail "$sec still refers to $name"
	else
		[ "$want" = no ] || fail "$sec does not refer to $name"
	fi
}

check_section_has() {
	local sec
	while read -r _ sec; do
		# shellcheck disable=SC2053 # a pattern on purpose
		[[ $sec == $1 ]] || continue
		dump_section "$WORK/out.o" "$sec" "$WORK/has.bin"
		grep -qaF -- "$2" "$WORK/has.bin" && return 0
	done < <(section_index "$WORK/out.o")
	fail "no section $1 contains '$2'"
}

check_string_at() {
	local sec=$1 off=$2 text=$3 got
	if [ "$text" = @parent ]; then
		text=$PARENT
		got=$(objname_at "$sec" "$off")
	else
		got=$(string_at "$WORK/out.o" "$sec" "$off")
	fi
	[ "$got" = "$text" ] || fail "$sec+$off points at '$got', want '$text'"
}

check_summary() {
	local kv key want got
	for kv in "$@"; do
		key=${kv%%=*} want=${kv#*=}
		got=$(grep -ioE "[0-9]+ $key" "$WORK/cdo.log" | tail -n 1 | awk '{ print $1 }')
		[ "$got" = "$want" ] || fail "summary: ${got:-no} $key, want $want"
	done
}

check_says() {
	if grep -qiF -- "$2" "$WORK/cdo.log"; then
		[ "$1" = yes ] || fail "output mentions '$2'"
	else
		[ "$1" = no ] || fail "output does not mention '$2'"
	fi
}

# check_built_refs WHICH yes|no FUNC SYMBOL: FUNC's code refers to SYMBOL.
check_built_refs() {
	local obj=$WORK/$1.o sec
	sec=.text.$3
	has_section "$obj" "$sec" || sec=.text.unlikely.$3
	if ref_names "$obj" "$sec" | grep -qxF "$4"; then
		[ "$2" = yes ] || fail "precondition: $3 in $1.o refers to $4"
	else
		[ "$2" = no ] || fail "precondition: $3 in $1.o does not refer to $4 (compiler changed?)"
	fi
}

# check_built WHICH symbol|no-symbol|section ARG: compiler preconditions.
check_built() {
	local obj=$WORK/$1.o s found=0
	if [ "$2" = section ]; then
		while read -r _ s; do
			# shellcheck disable=SC2053 # GLOB is a pattern on purpose
			[[ $s == $3 ]] && return 0
		done < <(section_index "$obj")
		fail "precondition: $1.o has no section $3 (compiler changed?)"
		return
	fi
	while read -r _ s; do
		# shellcheck disable=SC2053
		[[ $s == $3 ]] && found=1
	done < <(sym_names "$obj")
	if [ "$2" = symbol ] && [ "$found" -eq 0 ]; then
		fail "precondition: no symbol $3 in $1.o (compiler changed?)"
	elif [ "$2" = no-symbol ] && [ "$found" -eq 1 ]; then
		fail "precondition: $1.o has a symbol $3"
	fi
}

# check_output_directive KEY ARGS...: one directive about OUTPUT.o.
check_output_directive() {
	local key=$1
	shift
	case "$key" in
	functions) check_functions "$@" ;;
	function) [ -n "$(matches "$1")" ] || fail "no function $1 in OUTPUT.o" ;;
	no-function) [ -z "$(matches "$1")" ] || fail "OUTPUT.o has function $(matches "$1" | xargs)" ;;
	funcs-records) [ "$(wc -l <"$WORK/funcs")" -eq "$1" ] || fail "$(wc -l <"$WORK/funcs") .kpatch.funcs records, want $1" ;;
	funcs-record) check_funcs_record "$@" ;;
	relocs-records) [ "$(wc -l <"$WORK/relocs")" -eq "$1" ] || fail "$(wc -l <"$WORK/relocs") .kpatch.relocs records, want $1" ;;
	relocs-record) check_relocs_record "$@" ;;
	relocs-points) check_relocs_points "$@" ;;
	text-reloc) check_text_reloc "$@" ;;
	undefined) [ "$(nm_type "$1")" = U ] || fail "$1 is not undefined in OUTPUT.o (nm: '$(nm_type "$1")')" ;;
	defined) case "$(nm_type "$1")" in "" | U) fail "$1 is not defined in OUTPUT.o" ;; esac ;;
	not-defined) case "$(nm_type "$1")" in "" | U) ;; *) fail "$1 is defined in OUTPUT.o" ;; esac ;;
	section) has_section "$WORK/out.o" "$1" || fail "OUTPUT.o has no section $1" ;;
	no-section) ! has_section "$WORK/out.o" "$1" || fail "OUTPUT.o has section $1" ;;
	section-size) [ "$(section_size "$WORK/out.o" "$1")" -eq "$2" ] || fail "$1 is $(section_size "$WORK/out.o" "$1") bytes, want $2" ;;
	section-has) check_section_has "$1" "${*:2}" ;;
	refs) check_refs yes "$1" "$2" ;;
	no-refs) check_refs no "$1" "$2" ;;
	string-at) check_string_at "$@" ;;
	*) return 1 ;;
	esac
}

# check_directive KEY ARGS...
check_directive() {
	local key=$1
	shift
	case "$key" in
	status | parent | compiler | cflags | objtool | requires | env | symtab | symtab-prepend | symvers) ;;
	orig-symbol | patched-symbol) check_built "${key%%-*}" symbol "$1" ;;
	orig-no-symbol | patched-no-symbol) check_built "${key%%-*}" no-symbol "$1" ;;
	orig-section | patched-section) check_built "${key%%-*}" section "$1" ;;
	orig-refs | patched-refs) check_built_refs "${key%%-*}" yes "$1" "$2" ;;
	orig-no-refs | patched-no-refs) check_built_refs "${key%%-*}" no "$1" "$2" ;;
	says) check_says yes "$*" ;;
	says-not) check_says no "$*" ;;
	summary) check_summary "$@" ;;
	*)
		if [ "$STATUS" -eq 0 ] && [ -f "$WORK/out.o" ]; then
			check_output_directive "$key" "$@" || die "$CASE/expect: unknown directive '$key'"
		fi
		;;
	esac
}

check_all() {
	local want line
	want=$(expect_get status 0)
	if grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$WORK/cdo.log"; then
		fail "create-diff-object has a sanitizer report"
	fi
	if [ "$STATUS" -ge 124 ]; then
		fail "create-diff-object crashed or hung (status $STATUS)"
	elif [ "$STATUS" -ne "$want" ]; then
		fail "status $STATUS, want $want"
	fi
	if [ "$STATUS" -eq 0 ]; then
		if [ -f "$WORK/out.o" ]; then
			decode_funcs
			decode_relocs
			check_invariants
		else
			fail "status 0 but no OUTPUT.o"
		fi
	fi
	while read -r line; do
		read -r -a words <<<"$line"
		check_directive "${words[@]}"
	done < <(expect_lines)
}

# ----------------------------------------------------------------- report

report_failure() {
	say "--- create-diff-object (status $STATUS):"
	sed 's/^/  /' "$WORK/cdo.log" | head -n 60
	[ -f "$WORK/out.o" ] || return 0
	say "--- text symbols of OUTPUT.o:"
	text_symbols | sed 's/^/  /'
	say "--- .kpatch.funcs (name objname sympos flags old_addr old_size new_addr new_size):"
	sed 's/^/  /' "$WORK/funcs" 2>/dev/null
	say "--- .kpatch.relocs (name objname sympos type addend dest):"
	sed 's/^/  /' "$WORK/relocs" 2>/dev/null
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
