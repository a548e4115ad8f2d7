#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The packaged patch at boot: the debootstrapped bookworm root (rootfs.sh)
# gets the kpatch .deb (make deb) installed with apt in a chroot
# (test/package/chroot.sh), as a fleet host would have it, plus kpatch.ko
# for the test kernel (DKMS has no headers package for it) and
# kpatch-build --deb's package of examples/cmdline-string.patch. Then the
# test kernel boots it twice under QEMU:
#   debinstall  dpkg -i the patch package: its postinst loads the patch
#   debcheck    kpatch.service loaded the package's module during boot;
#               dpkg -r: its prerm unloads it
# Needs root, the network (the first time) and kpatch-build's cached tree.
set -euo pipefail

export KP_STEP=deb-boot-test
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"
# shellcheck source=../package/chroot.sh
. "$root/test/package/chroot.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

PKG=kpatch-patch-bootdeb

# build_debs TREE WORK: the patch package and the kpatch package.
build_debs() {
	local tree=$1 work=$2
	"$root/kpatch-build/kpatch-build" -s "$tree" -n kpatch-bootdeb --deb \
		-o "$work" "$root/examples/cmdline-string.patch" >"$work/kpatch-build.log" 2>&1 ||
		kp_die "kpatch-build --deb failed" "$work/kpatch-build.log"
	make -s -C "$root/packaging" deb OUT="$work/kpatch" >"$work/make-deb.log" 2>&1 ||
		kp_die "building the kpatch .deb failed" "$work/kpatch/build.log"
}

# install_kpatch WORK: apt installs the kpatch .deb in the chroot, which
# enables kpatch.service as on any host.
install_kpatch() {
	local work=$1 deb
	deb=$(ls "$work"/kpatch/kpatch_*_amd64.deb)
	cp "$deb" "$CHROOT/tmp/"
	in_root apt-get update -q >"$work/apt.log" 2>&1 ||
		kp_die "apt-get update in the chroot failed" "$work/apt.log"
	in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" \
		>>"$work/apt.log" 2>&1 || kp_die "apt-get install of the kpatch .deb failed" "$work/apt.log"
	rm -f "$CHROOT/tmp/$(basename "$deb")" "$CHROOT"/var/cache/apt/archives/*.deb
}

# unmount: the chroot's mounts go before the tree becomes the image.
unmount_root() {
	local i
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount -l "${MOUNTS[i]}"
	done
	MOUNTS=()
}

main() {
	local tree krel tarball work core img
	[ "$(id -u)" -eq 0 ] || kp_die "the boot test needs root (chroot, image ownership)"
	trap cleanup EXIT
	tree=$("$root/test/kernel/build-kernel.sh")
	krel=$(cat "$tree/include/config/kernel.release")
	tarball=$("$here/rootfs.sh")
	mkdir -p "$(kp_cache_dir)/boot"
	work=$(mktemp -d "$(kp_cache_dir)/boot/deb.XXXXXX")
	core=$(boot_core_module "$tree" "$work/kmod.log")
	build_debs "$tree" "$work"
	prepare_root "$tarball"
	install_kpatch "$work"
	unmount_root
	install -D -m 0644 "$core" "$CHROOT/lib/modules/$krel/extra/kpatch/kpatch.ko"
	install -m 0644 "$work/${PKG}_1_amd64.deb" "$CHROOT/root/"
	boot_test_driver "$CHROOT"
	img=$work/disk.ext4
	mkfs.ext4 -q -F -L kpatch-root -d "$CHROOT" "$img" 2560M || kp_die "mkfs.ext4 -d failed"
	rm -rf "$CHROOT"
	CHROOT=""

	boot_guest "$img" "$tree/arch/x86/boot/bzImage" debinstall "$work/debinstall.log"
	tr -d '\r' <"$work/debinstall.log" | sed -n '/^== dpkg -i/,/^BOOTTEST: RESULT/p'
	tr -d '\r' <"$work/debinstall.log" | grep -q '^BOOTTEST: RESULT ok' ||
		kp_die "dpkg -i of the patch package did not load it" "$work/debinstall.log"
	boot_guest "$img" "$tree/arch/x86/boot/bzImage" debcheck "$work/debcheck.log"
	tr -d '\r' <"$work/debcheck.log" | sed -n '/^== kpatch list/,/^BOOTTEST: RESULT/p'
	tr -d '\r' <"$work/debcheck.log" | grep -q '^BOOTTEST: RESULT ok' ||
		kp_die "kpatch.service did not load the package's module at boot, or dpkg -r did not unload it" "$work/debcheck.log"
	kp_log "ok: kpatch.service loaded $PKG's module at boot; its postinst loaded it and its prerm unloaded it"
	rm -rf "$work"
}

main "$@"
