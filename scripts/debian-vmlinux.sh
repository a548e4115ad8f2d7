#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's vmlinux with symbols for a cloud kernel (kpatch-build's -v), from
# linux-image-ABI-cloud-amd64-dbg: downloaded once into the cache, never
# installed; only that one file of the (large) package is kept. Prints its
# path.
#
#   debian-vmlinux.sh [SERIES]     6.1 (default) or 6.12
#   DEBIAN_KERNEL_ABI=6.1.0-57     another ABI of the series
set -euo pipefail

export KP_STEP=debian-vmlinux
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

abi=$("$(dirname "$0")/debian-abi.sh" --series "${1:-6.1}")
krel=$abi-cloud-amd64
dbgdir=$(kp_cache_dir)/debian-kernel/$abi/dbg
vmlinux=$dbgdir/vmlinux-$krel

fetch() {
	local pkg=linux-image-$krel-dbg log=$dbgdir/fetch.log
	mkdir -p "$dbgdir"
	kp_log "fetching $pkg for its vmlinux"
	(cd "$dbgdir" && apt-get download "$pkg") >"$log" 2>&1 ||
		kp_die "apt-get download $pkg failed" "$log"
	dpkg-deb --fsys-tarfile "$dbgdir/${pkg}"_*.deb |
		tar -x -O "./usr/lib/debug/boot/vmlinux-$krel" >"$vmlinux.tmp" ||
		kp_die "extracting vmlinux-$krel from $pkg failed"
	mv "$vmlinux.tmp" "$vmlinux"
	rm -f "$dbgdir/${pkg}"_*.deb
}

[ -f "$vmlinux" ] || fetch
printf '%s\n' "$vmlinux"
