#!/bin/bash
# Benchmark: time and peak memory of create-diff-object on the largest
# objects of the test kernel, for a no-change pair (an object against
# itself) and a one-function change (the object's source recompiled with
# one instruction added to one function). Needs kpatch-build's cached tree
# (built with -ffunction-sections); run kpatch-build once to create it.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cdo=$root/kpatch-build/create-diff-object
cache=${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch-dev}
work=${KEEP:-$(mktemp -d)}; mkdir -p "$work"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

find_tree() {
	local t
	t=$(find "$cache/kpatch-build/trees" -mindepth 2 -maxdepth 2 -name src \
		-type d -print -quit 2>/dev/null)
	if [ -z "$t" ] || [ ! -f "$t/vmlinux" ]; then
		echo "no kpatch-build tree in $cache: run kpatch-build once" >&2
		exit 1
	fi
	printf '%s\n' "$t"
}

# measure LABEL ORIG PATCHED: one line of seconds and peak RSS.
measure() {
	local label=$1 orig=$2 patched=$3 rc=0
	/usr/bin/time -f '%e %M' -o "$work/time" "$cdo" "$orig" "$patched" \
		vmlinux "$work/symtab" /dev/null bench "$work/out.o" \
		>"$work/cdo.log" 2>&1 || rc=$?
	read -r secs kb < <(tail -n 1 "$work/time")
	printf '%-34s %8.2f s %8d KiB  exit %d\n' "$label" "$secs" "$kb" "$rc"
}

# compile OBJ SRC OUT: the object's recorded compile command, redirected.
compile() {
	local obj=$1 src=$2 out=$3 cmd
	cmd=$(sed -n "s|^cmd_$obj := ||p" "$tree/$(dirname "$obj")/.$(basename "$obj").cmd")
	cmd=${cmd%%;*}
	cmd=${cmd#*kpatch-cc }
	cmd=${cmd//-Wp,-MMD,$(dirname "$obj")\/.$(basename "$obj").d/}
	cmd="${cmd% -c -o *} -iquote $tree/$(dirname "$obj") -c -o $out $src"
	(cd "$tree" && eval "$cmd")
}

# one_function_change OBJ FUNC: orig/patched pair with FUNC changed.
one_function_change() {
	local obj=$1 func=$2 src=$tree/${1%.o}.c name
	# One path for both, so STT_FILE symbols and __FILE__ strings match.
	name=$(basename "$src")
	mkdir -p "$work/src"
	awk -v f="$func" '
		$0 ~ "^static [a-z ]*" f "\\(" && !/;$/ { hit = 1 }
		{ print }
		hit && /^\{/ { print "\tasm volatile(\"nop\");"; hit = 0 }
	' "$src" >"$work/patched.c"
	cmp -s "$src" "$work/patched.c" && { echo "no $func in $src" >&2; exit 1; }
	cp "$src" "$work/src/$name"
	compile "$obj" "$work/src/$name" "$work/orig.o"
	cp "$work/patched.c" "$work/src/$name"
	compile "$obj" "$work/src/$name" "$work/patched.o"
}

main() {
	local obj
	tree=$(find_tree)
	make -C "$root/kpatch-build" >/dev/null
	readelf -s --wide "$tree/vmlinux" >"$work/symtab"
	echo "create-diff-object on the test kernel's largest objects ($(nproc) CPUs)"
	for obj in $(cd "$tree" && find . -name '*.o' ! -name 'vmlinux.o' \
		! -name '*.mod.o' ! -name 'built-in*' ! -path './tools/*' \
		-printf '%s %P\n' | sort -rn | head -n 3 | cut -d' ' -f2); do
		measure "no change: $obj ($(($(stat -c %s "$tree/$obj") / 1024)) KiB)" \
			"$tree/$obj" "$tree/$obj"
	done
	one_function_change fs/ext4/super.o ext4_statfs
	measure "one function: fs/ext4/super.o" "$work/orig.o" "$work/patched.o"
	grep -vE "debug:" "$work/cdo.log" | sed "s/^/    /"
}

main "$@"
