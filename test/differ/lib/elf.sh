# shellcheck shell=bash
# Reading objects: sections, relocations, symbols, strings, and the
# .kpatch.funcs / .kpatch.relocs records of OUTPUT.o.
# Sourced by ../run-case.sh, which sets WORK, CASE, NAME, PARENT and CDO.

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

# symbol_bind NAME: the binding (LOCAL, GLOBAL, WEAK) of OUTPUT.o's defined
# symbol NAME.
symbol_bind() {
	relf -s "$WORK/out.o" | awk -v n="$1" '$8 == n && $7 != "UND" { print $5; exit }'
}

# string_at OBJ SEC OFFSET: the string a pointer relocation at OFFSET names.
string_at() {
	local obj=$1 sec=$2 off=$3 bias=${4:-0} sym addend tsec base
	read -r _ sym addend < <(relocs_of "$obj" "$sec" | awk -v o="$off" '$1 == o { print $2, $3, $4; exit }')
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
#   name objname sympos flags old_addr old_size new_target new_size cold_sympos
# (cold_sympos in hex: ffffffffffffffff is "no cold part")
decode_funcs() {
	local out=$WORK/out.o bin=$WORK/funcs.bin n i o
	dump_section "$out" .kpatch.funcs "$bin"
	n=$(($(stat -c %s "$bin") / 72))
	: >"$WORK/funcs"
	for ((i = 0; i < n; i++)); do
		o=$((i * 72))
		printf '%s %s %s %s %s %s %s %s %s\n' "$(string_at "$out" .kpatch.funcs $((o + 40)))" \
			"$(objname_at .kpatch.funcs $((o + 48)))" "$(u64_at "$bin" $((o + 32)))" \
			"$(u64_at "$bin" $((o + 56)))" "$(x64_at "$bin" $((o + 16)))" \
			"$(u64_at "$bin" $((o + 24)))" "$(reloc_target "$out" .kpatch.funcs "$o" | awk '{ print $1 }')" \
			"$(u64_at "$bin" $((o + 8)))" "$(x64_at "$bin" $((o + 64)))" >>"$WORK/funcs"
	done
}

# decode_relocs [SECTION FILE]: WORK/FILE (default .kpatch.relocs into
# WORK/relocs; .kpatch.relocs.early goes to WORK/relocs-early), one line
# per record:
#   name objname sympos type addend dest-function dest-symbol+offset
decode_relocs() {
	local sec=${1:-.kpatch.relocs} file=$WORK/${2:-relocs} out=$WORK/out.o n i o
	local bin=$file.bin
	dump_section "$out" "$sec" "$bin"
	n=$(($(stat -c %s "$bin") / 56))
	: >"$file"
	for ((i = 0; i < n; i++)); do
		o=$((i * 56))
		printf '%s %s %s %s %s %s %s\n' "$(string_at "$out" "$sec" $((o + 32)))" \
			"$(objname_at "$sec" $((o + 40)))" "$(u64_at "$bin" $((o + 16)))" \
			"$(u64_at "$bin" $((o + 8)))" "$(s64_at "$bin" $((o + 24)))" \
			"$(reloc_target "$out" "$sec" "$o" | awk '{ print $1 }')" \
			"$(relocs_of "$out" "$sec" | awk -v o="$o" '$1 == o { print $3 "+" $4; exit }')" \
			>>"$file"
	done
}

# Text symbols of OUTPUT.o: local, global, and weak (a __weak default the
# kernel runs keeps its binding).
text_symbols() {
	nm "$WORK/out.o" | awk '$2 ~ /^[tTW]$/ { print $3 }' | sort -u
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
