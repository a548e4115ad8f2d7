#!/bin/bash
# Regenerate the object pairs of test/differ/real612/: real Linux 6.12 code
# generation (call padding and __pfx_ symbols, IBT, return thunks, call
# depth tracking, 14-byte alternatives) without a kernel build. Each pair is
# one source file that Debian's 6.12 cloud config builds as a module of its
# own, compiled out of tree against Debian's headers before and after
# `patch`, with -ffunction-sections -fdata-sections as kpatch-build adds.
#
#   make-pairs.sh [--out DIR] [NAME...]
#
# Needs linux-headers-6.12.*-cloud-amd64 and linux-source-6.12 (the tarball
# in /usr/src); KDIR and KSRC override where they are.
# A pair directory holds, written by hand:
#   pair     "source PATH", the .c file in the source tree (its module is
#            named after it)
#   patch    a -p1 patch of that source file
#   expect   what create-diff-object must do (see ../run-case.sh)
# and, written here: orig.o and patched.o, symtab (the lines of
# `readelf -s --wide` of the original .ko that matter for these objects),
# symvers (their lines of the headers' Module.symvers) and sizes (the
# special-section entry sizes that kpatch-build/special-sizes.c measures
# against the same headers, VAR=N a line, which run-case.sh passes on).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
KDIR=${KDIR:-$(find /usr/src -maxdepth 1 -name 'linux-headers-6.12.*-cloud-amd64' | sort | tail -n 1)}
KSRC=${KSRC:-/usr/src/linux-source-6.12.tar.xz}

die() {
	printf 'make-pairs: %s\n' "$*" >&2
	exit 1
}

pair_field() {
	awk -v k="$2" '$1 == k { print $2 }' "$1/pair"
}

# extract DEST PATH...: the source files (and the headers beside them) from
# the tarball, in one pass over it.
extract() {
	local dest=$1 top p pats=()
	shift
	top=$(basename "$KSRC" .tar.xz)
	for p in "$@"; do
		pats+=("$top/$p" "$top/$(dirname "$p")/*.h")
	done
	mkdir -p "$dest"
	# A pattern named twice is "not found" the second time.
	mapfile -t pats < <(printf '%s\n' "${pats[@]}" | sort -u)
	tar -xJf "$KSRC" -C "$dest" --strip-components=1 --wildcards "${pats[@]}" ||
		die "extracting $* from $KSRC failed"
}

# build_module DIR NAME: DIR/NAME.c built as module NAME against KDIR.
build_module() {
	printf 'obj-m := %s.o\n' "$2" >"$1/Kbuild"
	# The prefix map keeps the scratch path out of the debug info.
	nice -n 10 make -s -C "$KDIR" M="$1" \
		KCFLAGS="-ffunction-sections -fdata-sections -ffile-prefix-map=$1/=" \
		modules >"$1/build.log" 2>&1 || {
		cat "$1/build.log" >&2
		die "building $2 in $1 failed"
	}
}

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

# measure_sizes OUT: special-sizes.c compiled against KDIR, as kpatch-build
# does it.
measure_sizes() {
	local dir=$SCRATCH/sizes
	mkdir -p "$dir"
	cp "$root/kpatch-build/special-sizes.c" "$dir/"
	printf 'obj-m := special-sizes.o\n' >"$dir/Kbuild"
	make -s -C "$KDIR" M="$dir" special-sizes.o >"$dir/build.log" 2>&1 || {
		cat "$dir/build.log" >&2
		die "special-sizes.c does not compile against $KDIR"
	}
	readelf -sW "$dir/special-sizes.o" |
		awk '$8 ~ /^kpatch_size_/ { sub("kpatch_size_", "", $8); print $8 "=" $3 }' | sort >"$1"
}

make_pair() {
	local dir=$1 name src mod out scratch w
	name=$(basename "$dir")
	src=$(pair_field "$dir" source)
	[ -n "$src" ] || die "$dir/pair names no source"
	mod=$(basename "$src" .c)
	out=$OUT/$name
	scratch=$SCRATCH/$name
	for w in orig patched; do
		mkdir -p "$scratch/$w"
		cp "$SCRATCH/src/$src" "$scratch/$w/$mod.c"
		cp "$SCRATCH/src/$(dirname "$src")"/*.h "$scratch/$w/" 2>/dev/null || true
	done
	(cd "$scratch/patched" && sed "s|$(dirname "$src")/||g" "$dir/patch" | patch -s -p1) ||
		die "$dir/patch does not apply to $src"
	mkdir -p "$out"
	for w in orig patched; do
		build_module "$scratch/$w" "$mod"
		cp "$scratch/$w/$mod.o" "$out/$w.o"
	done
	names "$out/orig.o" "$out/patched.o" >"$scratch/names"
	readelf -sW "$scratch/orig/$mod.ko" >"$scratch/symtab.full"
	filter_symtab "$scratch/names" "$scratch/symtab.full" >"$out/symtab"
	awk 'NR == FNR { want[$1] = 1; next } $2 in want' "$scratch/names" \
		"$KDIR/Module.symvers" >"$out/symvers"
	cp "$SCRATCH/sizes.txt" "$out/sizes"
	printf '%s: %s (%s bytes, %s symtab lines)\n' "$name" "$src" \
		"$(stat -c %s "$out/orig.o")" "$(wc -l <"$out/symtab")"
}

main() {
	local d dirs=() srcs=()
	OUT=$here
	if [ "${1:-}" = --out ]; then
		OUT=$(mkdir -p "${2:?}" && cd "$2" && pwd)
		shift 2
	fi
	[ -d "$KDIR" ] || die "no Linux 6.12 headers (linux-headers-6.12.*-cloud-amd64)"
	[ -f "$KSRC" ] || die "no $KSRC (linux-source-6.12)"
	if [ $# -eq 0 ]; then
		for d in "$here"/*/pair; do dirs+=("$(dirname "$d")"); done
	else
		for d in "$@"; do
			[ -f "$here/$d/pair" ] || die "no pair $d"
			dirs+=("$here/$d")
		done
	fi
	for d in "${dirs[@]}"; do srcs+=("$(pair_field "$d" source)"); done
	SCRATCH=$(mktemp -d)
	trap 'rm -rf "$SCRATCH"' EXIT
	extract "$SCRATCH/src" "${srcs[@]}"
	measure_sizes "$SCRATCH/sizes.txt"
	for d in "${dirs[@]}"; do
		make_pair "$d"
	done
}

main "$@"
