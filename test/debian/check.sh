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

main() {
	local vmlinux
	[ -f "$headers/.config" ] || kp_die "$headers not found (apt-get install linux-headers-$krel)"
	[ -f /usr/src/linux-source-6.1.tar.xz ] || kp_die "linux-source-6.1 is not installed"
	vmlinux=$("$root/scripts/debian-vmlinux.sh")
	KP_TARGET=debian KP_KDIR=$headers KP_DEBIAN_VMLINUX=$vmlinux \
		bats "$@" "$here/integration.bats"
}

main "$@"
