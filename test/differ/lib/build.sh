# shellcheck shell=bash
# Building a case: the expect file, compiling, the fake parent, SYMTAB and
# SYMVERS, and running create-diff-object.
# Sourced by ../run-case.sh, which sets WORK, CASE, NAME, PARENT and CDO.
# shellcheck disable=SC2154 # here, root and the case variables come from run-case.sh

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

# compile_linked: WORK/linked.o from the case's `link` file (another object
# of the parent, such as an arch override of a weak function), if any.
compile_linked() {
	local src flags
	LINKED=()
	src=$(case_file link) || exit 1
	[ -n "$src" ] || return 0
	mapfile -t flags < <(compiler_flags)
	"$COMPILER" "${flags[@]}" -I"$here/include" -c "$src" -o "$WORK/linked.o" \
		>"$WORK/linked.cc.log" 2>&1 || {
		cat "$WORK/linked.cc.log"
		die "compiling $src failed"
	}
	LINKED=("$WORK/linked.o")
}

# link_parent: WORK/parent, a kernel-like link of orig.o (or a .ko-like
# relocatable link for a module parent) and the case's `link` object, which
# comes first (of two weak definitions, the linker keeps the first).
link_parent() {
	compile_linked
	if [ "$PARENT" != vmlinux ]; then
		# Like a .ko built without function sections: one .text.
		printf 'SECTIONS { .text : { *(.text .text.*) } }\n' >"$WORK/module.lds"
		ld -m elf_x86_64 -r -T "$WORK/module.lds" -o "$WORK/parent" "${LINKED[@]}" \
			"$WORK/orig.o" ||
			die "ld -r of the fake module failed"
		return
	fi
	# --discard-none: vmlinux is linked so, and keeps .LC* string labels
	write_stubs "$WORK/stubs.s"
	as --64 -o "$WORK/stubs.o" "$WORK/stubs.s" || die "assembling the stubs failed"
	ld -m elf_x86_64 -static -nostdlib -e 0 -z noexecstack --no-warn-rwx-segments --discard-none \
		-Ttext-segment=0xffffffff81000000 -o "$WORK/parent" "${LINKED[@]}" "$WORK/orig.o" "$WORK/stubs.o" \
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
	if [ "$(expect_get objtool-from)" = debian-6.12 ]; then
		tool=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.12.*-cloud-amd64' | sort | tail -n 1)
		tool=${tool:+$tool/tools/objtool/objtool}
		if [ -z "$tool" ] || [ ! -x "$tool" ]; then
			skip "Debian's 6.12 headers (their objtool) not installed"
		fi
		# Debian's objtool is a wrapper that picks the build for SRCARCH.
		export SRCARCH=x86
	else
		tool=$("$root/test/kernel/build-kernel.sh" --dir)/tools/objtool/objtool
		[ -x "$tool" ] || skip "objtool of the test kernel not built"
	fi
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
	local envs=("${SIZES[@]}") e new
	# A real pair of another kernel brings the sizes measured for it.
	[ ! -f "$CASE/sizes" ] || mapfile -t envs <"$CASE/sizes"
	while read -r e; do
		envs+=("$e")
	done < <(expect_lines | awk '$1 == "env" { print $2 }')
	new=$(case_file new-symbols) || exit 1
	[ -z "$new" ] || envs+=("KPATCH_NEW_SYMBOLS=$new")
	rm -f "$WORK/out.o" "$WORK/facts"
	envs+=("KPATCH_REPORT_FACTS=$WORK/facts")
	env "${envs[@]}" timeout 120 "$CDO" "${CDO_DEBUG[@]}" "$WORK/orig.o" "$WORK/patched.o" \
		"$PARENT" "$WORK/symtab" "$WORK/symvers" "kpatch_$NAME" "$WORK/out.o" \
		>"$WORK/cdo.log" 2>&1
	# shellcheck disable=SC2034 # read by the checks
	STATUS=$?
}
