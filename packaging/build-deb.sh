#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stage every component's `make install` under PREFIX=/usr, add the package
# metadata and maintainer scripts from debian/, and build the .deb with
# dpkg-deb (files owned by root:root without needing root). Called by
# packaging/Makefile, which documents the arguments.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

die() {
	printf 'packaging: error: %s\n' "$*" >&2
	exit 1
}

# stage_component DIR STAGE KVER KDIR LOG: one component's install.
stage_component() {
	local dir=$1 stage=$2 kver=$3 kdir=$4 log=$5
	local args=(DESTDIR="$stage" PREFIX=/usr)
	[ "$dir" = kmod ] && args+=(KDIR="$kdir" KVER="$kver")
	printf 'packaging: installing %s\n' "$dir" >&2
	make -C "$root/$dir" "${args[@]}" all >>"$log" 2>&1 ||
		die "make in $dir failed; see $log"
	make -C "$root/$dir" "${args[@]}" install >>"$log" 2>&1 ||
		die "make install in $dir failed; see $log"
}

stage_all() {
	local stage=$1 kver=$2 kdir=$3 required=$4 optional=$5 log=$6 d
	for d in $required; do
		[ -f "$root/$d/Makefile" ] || die "$d/Makefile is missing"
		stage_component "$d" "$stage" "$kver" "$kdir" "$log"
	done
	for d in $optional; do
		if [ -f "$root/$d/Makefile" ]; then
			stage_component "$d" "$stage" "$kver" "$kdir" "$log"
		else
			printf 'packaging: note: %s has no Makefile yet; not packaged\n' "$d" >&2
		fi
	done
}

# The control file, with the installed size dpkg expects in KiB.
write_control() {
	local stage=$1 version=$2 arch=$3 size
	size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
	sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
		-e "s/@SIZE@/$size/" "$here/debian/control.in" >"$stage/DEBIAN/control"
}

write_scripts() {
	local stage=$1 kver=$2 s
	for s in postinst prerm postrm; do
		sed "s/@KVER@/$kver/g" "$here/debian/$s" >"$stage/DEBIAN/$s"
		chmod 0755 "$stage/DEBIAN/$s"
	done
	(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' |
		sort | xargs -r md5sum) >"$stage/DEBIAN/md5sums"
}

main() {
	local out=$1 stage=$2 deb=$3 version=$4 arch=$5 kver=$6 kdir=$7
	local required=$8 optional=$9 log
	mkdir -p "$out"
	log=$out/build.log
	: >"$log"
	rm -rf "$stage"
	mkdir -p "$stage/DEBIAN" "$stage/var/lib/kpatch"
	stage_all "$stage" "$kver" "$kdir" "$required" "$optional" "$log"
	install -D -m 0644 "$root/COPYING" "$stage/usr/share/doc/kpatch/copyright"
	write_control "$stage" "$version" "$arch"
	write_scripts "$stage" "$kver"
	dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >>"$log" 2>&1 ||
		die "dpkg-deb failed; see $log"
	printf '%s\n' "$deb"
}

main "$@"
