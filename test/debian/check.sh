#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kpatch-build against Debian's shipped cloud kernel, the way a Debian user
# runs it: the source is linux-source-6.1 (no -s), the config and kbuild tree
# are linux-headers-ABI-cloud-amd64's, the symbols come from Debian's -dbg
# vmlinux. test/debian/integration.bats then runs the integration cases with
# that target: each patch is loaded with the core module in a guest booted
# with Debian's own vmlinuz and checked before, while and after it is
# applied; the cases that must be refused are checked for their message.
# Opt-in (`make check-debian`): the first run builds Debian's kernel
# objects, which takes about half an hour on 2 cores.
#
#   check.sh [BATS-OPTIONS...]   e.g. --filter 'proc|syscall'
#   DEBIAN_KERNEL_ABI=6.1.0-57   the kernel ABI (default: scripts/debian-abi.sh)
set -euo pipefail

export KP_STEP=check-debian
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"

abi=$("$root/scripts/debian-abi.sh")
krel=$abi-cloud-amd64
headers=/usr/src/linux-headers-$krel
dbgdir=$(kp_cache_dir)/debian-kernel/$abi/dbg
vmlinux=$dbgdir/vmlinux-$krel

# Debian's vmlinux with symbols ships in the (large) -dbg package; only
# that one file is kept.
fetch_vmlinux() {
	local pkg=linux-image-$krel-dbg log=$dbgdir/fetch.log
	[ -f "$vmlinux" ] && return 0
	mkdir -p "$dbgdir"
	kp_log "fetching $pkg for its vmlinux"
	(cd "$dbgdir" && apt-get download "$pkg") >"$log" 2>&1 || kp_die "apt-get download $pkg failed" "$log"
	dpkg-deb --fsys-tarfile "$dbgdir/${pkg}"_*.deb |
		tar -x -O "./usr/lib/debug/boot/vmlinux-$krel" >"$vmlinux.tmp" ||
		kp_die "extracting vmlinux-$krel from $pkg failed"
	mv "$vmlinux.tmp" "$vmlinux"
	rm -f "$dbgdir/${pkg}"_*.deb
}

main() {
	[ -f "$headers/.config" ] || kp_die "$headers not found (apt-get install linux-headers-$krel)"
	[ -f /usr/src/linux-source-6.1.tar.xz ] || kp_die "linux-source-6.1 is not installed"
	fetch_vmlinux
	KP_TARGET=debian KP_KDIR=$headers KP_DEBIAN_VMLINUX=$vmlinux \
		bats "$@" "$here/integration.bats"
}

main "$@"
