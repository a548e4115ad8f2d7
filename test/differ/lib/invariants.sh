# shellcheck shell=bash
# What every successful OUTPUT.o must satisfy, whatever the case.
# Sourced by ../run-case.sh, which sets WORK, CASE, NAME, PARENT and CDO.

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
	local name obj pos flags oaddr osize target nsize cold
	while read -r name obj pos flags oaddr osize target nsize cold; do
		[ "$obj" = "$PARENT" ] || fail "funcs record $name: objname '$obj', not $PARENT"
		check_sympos "$name" "$pos" funcs
		# The cold part is always recorded: its position, or none.
		if [ "$cold" = 0000000000000000 ]; then
			fail "funcs record $name: cold_sympos not recorded"
		elif [ "$cold" != ffffffffffffffff ]; then
			check_sympos "$name.cold" "$((16#$cold))" "funcs (cold part)"
		fi
		check_old_addr "$name" "$pos" "$oaddr" "$osize"
		[ "$target" = "$name" ] || fail "funcs record $name: new_addr points at '$target'"
		# Global, the module's own references to the name would bind to it.
		[ "$(symbol_bind "$target")" = LOCAL ] ||
			fail "funcs record $name: its replacement is $(symbol_bind "$target"), not LOCAL, in OUTPUT.o"
		[ "$flags" -le 1 ] || fail "funcs record $name: unknown flags $flags"
		[ "$nsize" -gt 0 ] || fail "funcs record $name: new_size 0"
	done <"$WORK/funcs"
}

has_record() {
	awk -v n="$1" '$1 == n { f = 1 } END { exit !f }' "$WORK/funcs"
}

# A compiler-numbered name orig.o has that create-diff-object calls new: a
# renumbered clone that is not the original's function of that name.
new_numbered() {
	case "$1" in *.[0-9]*) ;; *) return 1 ;; esac
	grep -qxF "patched.o: new function: $1" "$WORK/cdo.log"
}

# Every included function that orig.o has gets a record, and only those;
# except that a function without an fentry call, which nothing could
# redirect, never has one (create-diff-object carries it for its callers),
# and a renumbered clone reported new must have none (it would replace the
# kernel's other function of that name). A __pfx_ padding symbol is part of
# its function (check_prefixes) and never has one.
check_funcs_complete() {
	local f sec
	while read -r f; do
		case "$f" in *.cold | *.cold.* | *.part.*) continue ;; esac
		case "$f" in __pfx_*)
			! has_record "$f" || fail "padding symbol $f has a .kpatch.funcs record"
			continue
			;;
		esac
		sec=$(defined_symbol "$WORK/out.o" "$f" | cut -d' ' -f1)
		if ! ref_names "$WORK/out.o" "$sec" | grep -xF __fentry__ >/dev/null; then
			! has_record "$f" || fail "function $f has no fentry call but a .kpatch.funcs record"
		elif ! new_numbered "$f" &&
			nm --defined-only "$WORK/orig.o" | awk -v f="$f" '$3 == f { x = 1 } END { exit !x }'; then
			has_record "$f" || fail "changed function $f has no .kpatch.funcs record"
		else
			! has_record "$f" || fail "new function $f has a .kpatch.funcs record"
		fi
	done < <(text_symbols)
}

check_relocs_records() {
	local name obj pos dest
	while read -r name obj pos _ _ dest _; do
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
	# Early ones are written by kpatch.ko at COMING: vmlinux symbols only.
	while read -r name obj pos _ _ dest _; do
		[ "$obj" = vmlinux ] || fail "early relocs record $name: objname '$obj', not vmlinux"
		! exported "$name" || fail "early relocs record for exported $name (should stay undefined)"
		[ -n "$dest" ] || fail "early relocs record $name: dest has no relocation"
	done <"$WORK/relocs-early"
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
	} END { print n + 0 }' "$WORK/relocs" "$WORK/relocs-early"
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

# Every relocation targets something defined here, exported, or defined
# anew by another object of the patch (the case's new-symbols).
check_reloc_targets() {
	local sym new
	new=$(case_file new-symbols) || exit 1
	while read -r sym; do
		exported "$sym" || { [ -n "$new" ] && grep -qxF "$sym" "$new"; } ||
			fail "OUTPUT.o references $sym, neither defined nor exported"
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
# The statics of lockdep, ratelimit and WARN_ONCE/printk_once are the
# exception: the patch has its own by design, and GCC's numbers make their
# names collide with unrelated ones of the original.
check_no_existing_data() {
	local sym
	while read -r sym; do
		case "$sym" in __key.* | _rs.* | __already_done.* | __warned.* | __print_once.*) continue ;; esac
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

# given_size VAR DEFAULT: the entry size VAR the case gives (its `env`, or
# a real pair's `sizes`), else DEFAULT (6.1's).
given_size() {
	local v
	v=$({ expect_lines | awk '$1 == "env" { print $2 }'; cat "$CASE/sizes" 2>/dev/null; } |
		awk -v k="$1" -F= '$1 == k { v = $2 } END { print v }')
	printf '%s\n' "${v:-$2}"
}

# The special sections whose entries start with a reference to code, and
# their entry sizes.
special_sections() {
	printf '%s\n' "__bug_table $(given_size BUG_STRUCT_SIZE 12)" \
		"__ex_table $(given_size EX_STRUCT_SIZE 12)" \
		".altinstructions $(given_size ALT_STRUCT_SIZE 12)" \
		"__jump_table $(given_size JUMP_STRUCT_SIZE 16)" ".parainstructions 16" \
		".smp_locks 4" ".static_call_sites $(given_size STATIC_CALL_STRUCT_SIZE 8)" \
		".retpoline_sites 4" ".return_sites 4" ".call_sites 4" ".ibt_endbr_seal 4" \
		".orc_unwind_ip 4" "__mcount_loc 8"
}

# is_code SYMBOL: SYMBOL (a symbol or a section of OUTPUT.o) is in an
# executable section of OUTPUT.o.
is_code() {
	local sec=$1 value
	read -r sec value < <(defined_symbol "$WORK/out.o" "$1") || sec=$1
	relf -S "$WORK/out.o" | sed -n 's/^ *\[ *[0-9]*\] //p' |
		awk -v s="$sec" '$1 == s && NF == 10 && $7 ~ /X/ { f = 1 } END { exit !f }'
}

# Every entry of a special section refers first to code of OUTPUT.o: no
# entry is left over for a function that is not in the patch.
check_special_entries() {
	local sec size n i sym
	while read -r sec size; do
		n=$(($(section_size "$WORK/out.o" "$sec") / size))
		for ((i = 0; i < n; i++)); do
			sym=$(relocs_of "$WORK/out.o" "$sec" | awk -v o=$((i * size)) '$1 == o { print $3; exit }')
			if [ -z "$sym" ]; then
				fail "$sec entry $i has no relocation"
			elif ! is_code "$sym"; then
				fail "$sec entry $i refers to $sym, not to code of OUTPUT.o"
			fi
		done
	done < <(special_sections)
}

# Every .call_sites entry is a call whose destination the module loader
# knows when it applies call thunks: the call keeps its relocation in
# OUTPUT.o, it is not one kpatch.ko writes later from a record.
check_call_sites() {
	local sym addend
	while read -r _ _ sym addend; do
		relocs_of "$WORK/out.o" "$sym" | awk -v o=$((addend + 1)) '$1 == o { f = 1 } END { exit !f }' ||
			fail ".call_sites entry for $sym+$addend: the call there has no relocation (a record, written after the loader's call thunks)"
	done < <(relocs_of "$WORK/out.o" .call_sites)
}

# defined_funcs OBJ: "name section value size bind" of its FUNC symbols.
defined_funcs() {
	readelf -sW "$1" | awk '$4 == "FUNC" && $7 != "UND" { print $8, $7, strtonum("0x" $2), $3, $5 }'
}

# check_prefixes: call padding (6.2+) puts __pfx_NAME, its NOPs, right
# before NAME in NAME's section. In OUTPUT.o each __pfx_ is followed by its
# function, with the function's binding never wider, and each output
# function that had one in patched.o has it still (the padding is where
# call depth tracking writes the function's call thunk).
check_prefixes() {
	local msg
	while read -r msg; do
		[ -z "$msg" ] || fail "$msg"
	done < <(defined_funcs "$WORK/out.o" |
		awk 'NR == FNR { if ($1 ~ /^__pfx_/) pfx[substr($1, 7)] = 1; next }
		{ f[$1] = 1; sec[$1] = $2; val[$1] = $3; size[$1] = $4; bind[$1] = $5 }
		END {
			for (n in f) {
				if (n ~ /^__pfx_/) {
					fn = substr(n, 7)
					if (!(fn in f))
						print "__pfx_ without its function: " n
					else if (sec[fn] != sec[n] || val[n] + size[n] != val[fn])
						print n " is not right before " fn
					else if (bind[n] == "GLOBAL" && bind[fn] != "GLOBAL")
						print n " is global, " fn " is not"
				} else if ((n in pfx) && !(("__pfx_" n) in f))
					print n " lost its __pfx_ padding symbol"
			}
		}' <(defined_funcs "$WORK/patched.o") - | sort)
}

check_invariants() {
	check_readable
	check_prefixes
	check_call_sites
	check_funcs_records
	check_funcs_complete
	check_relocs_records
	check_reloc_targets
	check_mcount
	check_orc
	check_no_existing_data
	check_function_copies
	check_special_entries
}
