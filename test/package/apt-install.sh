#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The .deb on a fresh Debian 12: build it from this tree, unpack the
# debootstrapped bookworm root the boot test caches (test/boot/rootfs.sh),
# and in a chroot of it, with this host's apt sources:
#   apt install ./kpatch_*.deb          every Depends resolves from the archive
#   kpatch --version; dkms status       the tool runs; kpatch is added to DKMS
#   apt install linux-headers-ABI-cloud-amd64
#                                       our kernel hook has DKMS build kpatch.ko
#   apt install linux-headers-6.12-cloud-amd64
#                                       the same for Debian's 6.12 (with its image)
#   an unsupported kernel series, if the archive (with bookworm-backports)
#                                       has one: it installs, kpatch declines
#   apt purge kpatch                    DKMS's build and the files go away
# Downloaded .debs and package lists are kept in the cache, so later runs
# fetch only what changed. Needs root (chroot, mounts) and the network.
set -euo pipefail

export KP_STEP=apt-install
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"
# shellcheck source=chroot.sh
. "$here/chroot.sh"

# The newest cloud headers package of a series kpatch does not support
# (neither 6.1 nor 6.12), looked for in bookworm and bookworm-backports.
unsupported_series() {
	local pkg
	printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\n' \
		>"$CHROOT/etc/apt/sources.list.d/kpatch-test-backports.sources"
	in_root apt-get update -q >/dev/null
	pkg=$(chroot "$CHROOT" apt-cache search --names-only '^linux-headers-[0-9].*-cloud-amd64$' |
		cut -d' ' -f1 | sort -V | awk '!/^linux-headers-6\.(1|12)[.-]/' | tail -n 1)
	if [ -z "$pkg" ]; then
		echo "unsupported series: none in bookworm's archive (bookworm-backports included)"
		return 0
	fi
	in_root apt-get install -y -q --no-install-recommends -t bookworm-backports "$pkg"
	echo "unsupported series: $pkg installed"
	in_root dkms status
}

main() {
	local work deb tarball abi kver kver612 version
	[ "$(id -u)" -eq 0 ] || kp_die "the apt install test needs root (chroot, bind mounts)"
	trap cleanup EXIT
	version=$(cat "$root/VERSION")
	abi=$("$root/scripts/debian-abi.sh")
	kver=$abi-cloud-amd64
	kver612=$("$root/scripts/debian-abi.sh" --series 6.12)-cloud-amd64
	work=$(mktemp -d "${TMPDIR:-/tmp}/kpatch-apt.XXXXXX")
	make -s -C "$root/packaging" deb OUT="$work" >"$work/make.log" 2>&1 ||
		kp_die "building the .deb failed" "$work/build.log"
	deb=$(ls "$work"/kpatch_*_amd64.deb)
	tarball=$("$root/test/boot/rootfs.sh")
	prepare_root "$tarball"
	cp "$deb" "$CHROOT/tmp/"
	in_root apt-get update -q
	in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")"
	in_root kpatch --version
	in_root dkms status
	in_root apt-get install -y -q --no-install-recommends "linux-headers-$kver"
	in_root dkms status
	in_root modinfo -F vermagic "/lib/modules/$kver/updates/dkms/kpatch.ko"
	# 6.12 through the metapackage, as an upgrade brings it.
	in_root apt-get install -y -q --no-install-recommends linux-headers-6.12-cloud-amd64
	in_root dkms status
	# By name: 6.12's modules are compressed (kpatch.ko.xz), depmod knows.
	in_root modinfo -k "$kver612" -F vermagic kpatch
	unsupported_series
	in_root apt-get purge -y -q kpatch
	printf '# after purge: dkms status\n'
	in_root dkms status
	! ls "$CHROOT/lib/modules/$kver612/updates/dkms/"kpatch.ko* >/dev/null 2>&1 &&
		[ ! -e "$CHROOT/lib/modules/$kver/updates/dkms/kpatch.ko" ] &&
		[ ! -e "$CHROOT/usr/src/kpatch-$version" ] && echo "purge: kpatch.ko and its DKMS sources are gone"
	rm -rf "$work"
}

main "$@"
