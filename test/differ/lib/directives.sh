# shellcheck shell=bash
# The expect directives about OUTPUT.o and the compiled objects.
# Sourced by ../run-case.sh, which sets WORK, CASE, NAME, PARENT and CDO.

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
	local name=$1 pos flags cold line
	shift
	pos=$(opt sympos "$@")
	flags=$(opt flags "$@")
	cold=$(opt cold "$@")
	line=$(awk -v n="$name" '$1 == n' "$WORK/funcs" | head -n 1)
	[ -n "$line" ] || {
		fail "no .kpatch.funcs record for $name"
		return
	}
	[ -z "$pos" ] || [ "$(awk '{ print $3 }' <<<"$line")" = "$pos" ] ||
		fail "funcs record $name: sympos $(awk '{ print $3 }' <<<"$line"), want $pos"
	[ -z "$flags" ] || [ "$(awk '{ print $4 }' <<<"$line")" = "$flags" ] ||
		fail "funcs record $name: flags $(awk '{ print $4 }' <<<"$line"), want $flags"
	[ -z "$cold" ] || [ "$(awk '{ print $9 }' <<<"$line")" = "$cold" ] ||
		fail "funcs record $name: cold_sympos $(awk '{ print $9 }' <<<"$line"), want $cold"
}

# check_relocs_record FILE GLOB [sympos=N] [type=N] [addend=N]
check_relocs_record() {
	local file=$1 glob=$2 pos type addend name rest found=0 r_pos r_type r_addend
	shift 2
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
	done <"$WORK/$file"
	[ "$found" -eq 1 ] || fail "no $file record matches: $glob $*"
}

check_text_reloc() {
	relocs_of "$WORK/out.o" ".text.$1" | awk -v s="$2" -v a="$3" '$3 == s && $4 == a { f = 1 } END { exit !f }' ||
		fail "no relocation to $2$( ((${3} < 0)) || printf +)$3 in OUTPUT.o's $1"
}

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

# nm_type GLOB [all]: the nm type of the first symbol of OUTPUT.o matching
# GLOB (with "all": of every one; a copy's name may also be undefined).
nm_type() {
	local a b c
	while read -r a b c; do
		[ -n "$c" ] || { c=$b b=$a; }
		# shellcheck disable=SC2053
		if [[ $c == $1 ]]; then
			printf '%s\n' "$b"
			[ "${2:-}" = all ] || return 0
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
	if ref_names "$WORK/out.o" "$sec" | grep -xF "$name" >/dev/null; then
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

check_reloc_at() {
	local got
	got=$(reloc_target "$WORK/out.o" "$1" "$2")
	[ "$got" = "$3 $4" ] || fail "$1+$2 is relocated to '${got:-nothing}', want '$3 $4'"
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

# check_fact yes|no KIND NAME [REGEX]: a line of the facts file has KIND,
# NAME (any when empty; "~" in it stands for a space, as in struct~foo) and
# a DETAIL matching the extended REGEX.
check_fact() {
	local found
	# The regex goes through the environment: -v would take its backslashes.
	found=$(FACT_RE=$4 awk -F '\t' -v k="$2" -v n="$3" \
		'{ name = $3; gsub(/ /, "~", name) }
		$2 == k && (n == "" || name == n) && $4 ~ ENVIRON["FACT_RE"] { print; exit }' \
		"$WORK/facts" 2>/dev/null)
	if [ "$1" = yes ] && [ -z "$found" ]; then
		fail "no fact '$2 $3' with detail matching /$4/"
	elif [ "$1" = no ] && [ -n "$found" ]; then
		fail "unexpected fact: $found"
	fi
}

# check_facts_file: every line is OBJECT, KIND, NAME and DETAIL, for this object.
check_facts_file() {
	local bad
	[ -f "$WORK/facts" ] || return 0
	bad=$(awk -F '\t' 'NF != 4 || $1 != "patched.o" || $2 !~ /^[a-z-]+$/ || $3 == ""' "$WORK/facts")
	[ -z "$bad" ] || fail "malformed facts: $bad"
}

# check_built_refs WHICH yes|no FUNC SYMBOL: FUNC's code refers to SYMBOL.
check_built_refs() {
	local obj=$WORK/$1.o sec
	sec=.text.$3
	has_section "$obj" "$sec" || sec=.text.unlikely.$3
	if ref_names "$obj" "$sec" | grep -xF "$4" >/dev/null; then
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
	relocs-record) check_relocs_record relocs "$@" ;;
	early-relocs-records) [ "$(wc -l <"$WORK/relocs-early")" -eq "$1" ] || fail "$(wc -l <"$WORK/relocs-early") .kpatch.relocs.early records, want $1" ;;
	early-relocs-record) check_relocs_record relocs-early "$@" ;;
	relocs-points) check_relocs_points "$@" ;;
	text-reloc) check_text_reloc "$@" ;;
	undefined) nm_type "$1" all | grep -qx U || fail "$1 is not undefined in OUTPUT.o (nm: '$(nm_type "$1")')" ;;
	defined) case "$(nm_type "$1")" in "" | U) fail "$1 is not defined in OUTPUT.o" ;; esac ;;
	local | global) [ "$(symbol_bind "$1")" = "${key^^}" ] || fail "$1 is '$(symbol_bind "$1")' in OUTPUT.o, not ${key^^}" ;;
	not-defined) case "$(nm_type "$1")" in "" | U) ;; *) fail "$1 is defined in OUTPUT.o" ;; esac ;;
	section) has_section "$WORK/out.o" "$1" || fail "OUTPUT.o has no section $1" ;;
	no-section) ! has_section "$WORK/out.o" "$1" || fail "OUTPUT.o has section $1" ;;
	section-size) [ "$(section_size "$WORK/out.o" "$1")" -eq "$2" ] || fail "$1 is $(section_size "$WORK/out.o" "$1") bytes, want $2" ;;
	section-has) check_section_has "$1" "${*:2}" ;;
	refs) check_refs yes "$1" "$2" ;;
	no-refs) check_refs no "$1" "$2" ;;
	string-at) check_string_at "$@" ;;
	reloc-at) check_reloc_at "$@" ;;
	*) return 1 ;;
	esac
}

# check_directive KEY ARGS...
check_directive() {
	local key=$1
	shift
	case "$key" in
	status | parent | compiler | cflags | objtool | objtool-from | requires | env | link | symtab | symtab-prepend | symvers | new-symbols) ;;
	orig-symbol | patched-symbol) check_built "${key%%-*}" symbol "$1" ;;
	orig-no-symbol | patched-no-symbol) check_built "${key%%-*}" no-symbol "$1" ;;
	orig-section | patched-section) check_built "${key%%-*}" section "$1" ;;
	orig-refs | patched-refs) check_built_refs "${key%%-*}" yes "$1" "$2" ;;
	orig-no-refs | patched-no-refs) check_built_refs "${key%%-*}" no "$1" "$2" ;;
	says) check_says yes "$*" ;;
	says-not) check_says no "$*" ;;
	summary) check_summary "$@" ;;
	fact) check_fact yes "$1" "$2" "${*:3}" ;;
	no-fact) check_fact no "$1" "${2:-}" "${*:3}" ;;
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
			decode_relocs .kpatch.relocs.early relocs-early
			check_invariants
		else
			fail "status 0 but no OUTPUT.o"
		fi
	fi
	check_facts_file
	while read -r line; do
		read -r -a words <<<"$line"
		check_directive "${words[@]}"
	done < <(expect_lines)
}
