#!/bin/bash
# Regenerate the object pairs of test/differ/real/ from the test kernel.
#
#   make-pairs.sh [--out DIR] [NAME...]
#                      (default: every directory with a `pair` file; --out
#                      writes the generated files to DIR/NAME/ instead, to
#                      compare them with the committed ones)
#
# A pair directory holds, written by hand:
#   pair     "source PATH" (the .c file in the kernel tree) and, for a module
#            object, "module PATH" (its .ko in the tree)
#   patch    a -p1 patch of that source file
#   expect   what create-diff-object must do (see ../run-case.sh)
# and, written here: orig.o and patched.o (the file compiled before and after
# the patch with the tree's own flags from its .cmd file, plus
# -ffunction-sections -fdata-sections, then objtool as kbuild ran it),
# symtab (the lines of `readelf -s --wide` of vmlinux or the .ko that matter
# for these objects) and symvers (their lines of the tree's Module.symvers).
#
# The tree is only read: sources are copied to a scratch directory, the
# compiler runs in the tree but writes there, and no make runs in the tree.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

die() {
	printf 'make-pairs: %s\n' "$*" >&2
	exit 1
}

# pair_field DIR KEY: the value of "KEY value" in DIR/pair.
pair_field() {
	awk -v k="$2" '$1 == k { print $2 }' "$1/pair"
}

# kbuild_command TREE OBJ: the compile command and the objtool command of
# OBJ, one a line, as kbuild recorded them in the tree's .cmd file.
kbuild_command() {
	local cmd
	cmd=$1/$(dirname "$2")/.$(basename "$2").cmd
	[ -f "$cmd" ] || die "$cmd not found (is the test kernel built?)"
	sed -n "1s/^cmd_$(printf '%s' "$2" | sed 's/[\/.]/\\&/g') := //p" "$cmd" |
		sed 's/[[:space:]]*;[[:space:]]*/\n/g'
}

# compile_flags TREE OBJ: the compiler and its flags, one a line, without
# the dependency-file option and the trailing "-c -o OBJ SRC".
compile_flags() {
	local line args a
	line=$(kbuild_command "$1" "$2" | head -n 1)
	line=${line% -c -o *}
	# The .cmd file quotes like a shell command (-DKBUILD_MODNAME='"x"').
	eval "args=($line)"
	for a in "${args[@]}"; do
		case "$a" in -Wp,-MMD,*) continue ;; esac
		printf '%s\n' "$a"
	done
}

# objtool_args TREE OBJ: objtool and its options, without the object.
objtool_args() {
	local line parts
	line=$(kbuild_command "$1" "$2" | sed -n '2p')
	[ -n "$line" ] || return 0
	read -r -a parts <<<"${line% *}"
	printf '%s\n' "${parts[@]}"
}

# build_object TREE SRCROOT SRC OUT: compile SRCROOT/SRC in TREE into OUT.
build_object() {
	local tree=$1 srcroot=$2 src=$3 out=$4 obj=${3%.c}.o flags tool
	mapfile -t flags < <(compile_flags "$tree" "$obj")
	mapfile -t tool < <(objtool_args "$tree" "$obj")
	# The prefix maps keep the scratch and tree paths (the cache's location)
	# out of the debug info, so the pairs do not depend on where they are built.
	(cd "$tree" && "${flags[@]}" -ffunction-sections -fdata-sections \
		-ffile-prefix-map="$srcroot/=" -fdebug-prefix-map="$tree=." -iquote "$(dirname "$src")" \
		-c -o "$out" "$srcroot/$src") || die "compiling $src failed"
	[ "${#tool[@]}" -eq 0 ] || (cd "$tree" && "${tool[@]}" "$out") ||
		die "objtool on $src failed"
}

# names OBJ...: every symbol name the objects define or use.
names() {
	nm "$@" | awk 'NF >= 2 && $NF !~ /^\.L/ { print $NF }' | sort -u
}

# filter_symtab NAMES READELF: the header, every entry whose name is in
# NAMES, and the FILE entry each kept local belongs to, in their order.
filter_symtab() {
	awk 'NR == FNR { want[$1] = 1; next }
		!/^ *[0-9]+: / { if ($0 != "") print; next }
		$4 == "FILE" { file = $0; shown = 0; next }
		$8 in want {
			if ($5 == "LOCAL" && !shown && file != "") { print file; shown = 1 }
			print
		}' "$1" "$2"
}

make_pair() {
	local dir=$1 tree=$2 out src module scratch parent
	out=$OUT/$(basename "$dir")
	src=$(pair_field "$dir" source)
	module=$(pair_field "$dir" module)
	[ -n "$src" ] || die "$dir/pair names no source"
	scratch=$SCRATCH/$(basename "$dir")
	mkdir -p "$scratch/orig/$(dirname "$src")" "$scratch/patched/$(dirname "$src")"
	cp "$tree/$src" "$scratch/orig/$src"
	cp "$tree/$src" "$scratch/patched/$src"
	patch -s -p1 -d "$scratch/patched" <"$dir/patch" || die "$dir/patch does not apply to $src"
	mkdir -p "$out"
	build_object "$tree" "$scratch/orig" "$src" "$out/orig.o"
	build_object "$tree" "$scratch/patched" "$src" "$out/patched.o"
	parent=$tree/${module:-vmlinux}
	names "$out/orig.o" "$out/patched.o" >"$scratch/names"
	readelf -sW "$parent" >"$scratch/symtab.full"
	filter_symtab "$scratch/names" "$scratch/symtab.full" >"$out/symtab"
	awk 'NR == FNR { want[$1] = 1; next } $2 in want' "$scratch/names" \
		"$tree/Module.symvers" >"$out/symvers"
	printf '%s: %s (%s, %s)\n' "$(basename "$dir")" "$src" \
		"$(stat -c %s "$out/orig.o")" "$(wc -l <"$out/symtab") symtab lines"
}

main() {
	local tree d
	OUT=$here
	if [ "${1:-}" = --out ]; then
		OUT=$(mkdir -p "${2:?}" && cd "$2" && pwd)
		shift 2
	fi
	SCRATCH=$(mktemp -d)
	trap 'rm -rf "$SCRATCH"' EXIT
	tree=$("$root/test/kernel/build-kernel.sh" --dir)
	[ -f "$tree/vmlinux" ] || die "the test kernel is not built ($root/test/kernel/build-kernel.sh)"
	if [ $# -eq 0 ]; then
		for d in "$here"/*/pair; do
			make_pair "$(dirname "$d")" "$tree"
		done
	else
		for d in "$@"; do
			[ -f "$here/$d/pair" ] || die "no pair $d"
			make_pair "$here/$d" "$tree"
		done
	fi
}

main "$@"
