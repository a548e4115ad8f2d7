#!/bin/bash
# create-diff-object on real Linux 6.12 module objects against themselves:
# each must end with status 3 (nothing changed), none may crash. The
# modules are built out of tree from linux-source-6.12 against Debian's
# 6.12 cloud headers (no kernel build), with -ffunction-sections
# -fdata-sections as kpatch-build adds, and kept in a cache directory.
#
#   self-diff.sh [--cache DIR]   (default ~/.cache/kpatch-dev/deb612-self)
#
# Prints one line per object that did not end with status 3 and a count of
# the statuses; exits 1 if any did not, 77 without the headers or source.
# CDO=... picks another create-diff-object build; KDIR and KSRC as for
# make-pairs.sh.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
CDO=${CDO:-$root/kpatch-build/create-diff-object}
KDIR=${KDIR:-$(find /usr/src -maxdepth 1 -name 'linux-headers-6.12.*-cloud-amd64' | sort | tail -n 1)}
KSRC=${KSRC:-/usr/src/linux-source-6.12.tar.xz}
CACHE=$HOME/.cache/kpatch-dev/deb612-self

# Source directories and what of them to build: Debian builds each as
# modules (=m); TCP congestion controls, a file system, a bridge with its
# netfilter parts, and network and block drivers.
TCP_CC="bic westwood htcp highspeed hybla vegas nv scalable lp veno yeah illinois dctcp cdg bbr"

die() {
	printf 'self-diff: %s\n' "$*" >&2
	exit 1
}

extract() {
	local top
	top=$(basename "$KSRC" .tar.xz)
	tar -xJf "$KSRC" -C "$1" --strip-components=1 --wildcards \
		"$top/net/ipv4/tcp_*" "$top/fs/isofs/*" "$top/net/bridge/*" \
		"$top/drivers/net/veth.c" "$top/drivers/net/tun.c" "$top/drivers/net/dummy.c" \
		"$top/drivers/block/loop.c" || die "extracting from $KSRC failed"
}

# lay_out SRC DEST: one kbuild directory per module set.
lay_out() {
	local src=$1 dest=$2 c
	mkdir -p "$dest/tcp" "$dest/misc" "$dest/isofs" "$dest/bridge/x/y/z"
	for c in $TCP_CC; do cp "$src/net/ipv4/tcp_$c.c" "$dest/tcp/"; done
	cp "$src"/net/ipv4/tcp_*.h "$dest/tcp/"
	(cd "$dest/tcp" && printf 'obj-m += %s\n' *.c | sed 's/\.c$/.o/') >"$dest/tcp/Kbuild"
	cp "$src"/drivers/net/{veth,tun,dummy}.c "$src/drivers/block/loop.c" "$dest/misc/"
	printf 'obj-m += veth.o tun.o dummy.o loop.o\n' >"$dest/misc/Kbuild"
	cp -r "$src"/fs/isofs/* "$dest/isofs/"
	cp -r "$src"/net/bridge/* "$dest/bridge/"
	# trace/events/bridge.h includes "../../../net/bridge/br_private.h".
	mkdir -p "$dest/bridge/net"
	ln -sfn .. "$dest/bridge/net/bridge"
}

build() {
	local d flags
	for d in tcp misc isofs bridge; do
		flags="-ffunction-sections -fdata-sections"
		[ "$d" != bridge ] || flags="$flags -I$1/bridge/x/y/z"
		nice -n 10 make -s -C "$KDIR" M="$1/$d" KCFLAGS="$flags" -j2 modules \
			>"$1/$d.log" 2>&1 || die "building $d failed (see $1/$d.log)"
	done
}

sizes() {
	local dir=$1/sizes
	mkdir -p "$dir"
	cp "$root/kpatch-build/special-sizes.c" "$dir/"
	printf 'obj-m := special-sizes.o\n' >"$dir/Kbuild"
	make -s -C "$KDIR" M="$dir" special-sizes.o >"$dir/build.log" 2>&1 ||
		die "special-sizes.c does not compile against $KDIR"
	readelf -sW "$dir/special-sizes.o" |
		awk '$8 ~ /^kpatch_size_/ { sub("kpatch_size_", "", $8); print $8 "=" $3 }'
}

prepare() {
	local scratch
	[ ! -f "$CACHE/.done" ] && [ -d "$CACHE" ] && rm -rf "$CACHE"
	[ -f "$CACHE/.done" ] && return
	scratch=$(mktemp -d)
	mkdir -p "$CACHE"
	extract "$scratch"
	lay_out "$scratch" "$CACHE"
	rm -rf "$scratch"
	build "$CACHE"
	touch "$CACHE/.done"
}

# one NAME OBJ: "status object" for one object of module NAME.
one() {
	local name=$1 obj=$2 rc
	env "${SIZES[@]}" timeout 300 "$CDO" "$obj" "$obj" "$name" "$WORK/$name.symtab" \
		"$KDIR/Module.symvers" kpatch_self "$WORK/out.o" >"$WORK/log" 2>&1
	rc=$?
	printf '%s %s\n' "$rc" "${obj#"$CACHE"/}"
	[ "$rc" -eq 3 ] || sed 's/^/    /' "$WORK/log" | head -n 5
}

main() {
	local mod obj objs
	if [ "${1:-}" = --cache ]; then
		CACHE=${2:?}
		shift 2
	fi
	if [ ! -d "$KDIR" ] || [ ! -f "$KSRC" ]; then
		echo "skip: no Linux 6.12 headers or linux-source-6.12"
		exit 77
	fi
	[ -x "$CDO" ] || die "$CDO not built"
	prepare
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
	mapfile -t SIZES < <(sizes "$WORK")
	for mod in "$CACHE"/*/*.mod; do
		readelf -sW "${mod%.mod}.ko" >"$WORK/$(basename "$mod" .mod).symtab"
		# A module's .mod file lists the objects linked into it.
		mapfile -t objs <"$mod"
		for obj in "${objs[@]}"; do
			one "$(basename "$mod" .mod)" "$obj" </dev/null
		done
	done >"$WORK/results"
	grep -v '^3 ' "$WORK/results"
	printf '%s objects:' "$(grep -c '^[0-9]' "$WORK/results")"
	awk '/^[0-9]/ { n[$1]++ } END { for (s in n) printf " %d with status %s;", n[s], s; print "" }' "$WORK/results"
	! grep -q '^[0-9]' <(grep -v '^3 ' "$WORK/results")
}

main "$@"
