#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The systemd boot test: a debootstrapped Debian bookworm on an ext4 image
# boots our test kernel under QEMU (TCG) twice. The first boot runs
# `kpatch install` on a real patch module; the second proves kpatch.service
# applied it during boot (kpatch list/log, systemctl status, the patched
# /proc/cmdline, ordering, idempotent restart). Needs root (debootstrap,
# file ownership in the image). About 1 minute once the image is cached.
#
#   boot-test.sh                     build what is missing, run both boots
#   KP_BOOT_PATCH=kpatch-x.ko        use this patch (it must patch
#                                    cmdline_proc_show like examples/)
#   KP_BOOT_CORE=kpatch.ko           use this core module
set -euo pipefail

export KP_STEP=boot-test
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

patch_module() {
	local tree=$1 work=$2 log=$3
	if [ -n "${KP_BOOT_PATCH:-}" ]; then
		printf '%s\n' "$KP_BOOT_PATCH"
		return
	fi
	"$root/kpatch-build/kpatch-build" -s "$tree" -n kpatch-boot -o "$work" \
		"$root/examples/cmdline-string.patch" >"$log" 2>&1 ||
		kp_die "kpatch-build of examples/cmdline-string.patch failed" "$log"
	printf '%s\n' "$work/kpatch-boot.ko"
}

# populate ROOTDIR KREL CORE PATCH: our files into the unpacked rootfs.
# kpatch.service is left disabled: `kpatch install` in the first boot
# must enable it, as upstream's does.
populate() {
	local dir=$1 krel=$2 core=$3 patch=$4
	make -s -C "$root/kpatch" >&2
	make -s -C "$root/kpatch" install DESTDIR="$dir" PREFIX=/usr >&2
	make -s -C "$root/contrib" install DESTDIR="$dir" PREFIX=/usr >&2
	install -D -m 0644 "$core" "$dir/lib/modules/$krel/extra/kpatch/kpatch.ko"
	install -D -m 0644 "$patch" "$dir/root/kpatch-boot.ko"
	boot_test_driver "$dir"
}

main() {
	local tree krel tarball core patch work img
	[ "$(id -u)" -eq 0 ] || kp_die "the boot test needs root (debootstrap, image ownership)"
	tree=$("$root/test/kernel/build-kernel.sh")
	krel=$(cat "$tree/include/config/kernel.release")
	tarball=$("$here/rootfs.sh")
	# A directory of its own: two boot tests may run at once.
	mkdir -p "$(kp_cache_dir)/boot"
	work=$(mktemp -d "$(kp_cache_dir)/boot/run.XXXXXX")
	mkdir -p "$work/root"
	core=$(boot_core_module "$tree" "$work/kmod.log")
	patch=$(patch_module "$tree" "$work" "$work/kpatch-build.log")
	tar -C "$work/root" -xzf "$tarball"
	populate "$work/root" "$krel" "$core" "$patch"
	img=$work/disk.ext4
	mkfs.ext4 -q -F -L kpatch-root -d "$work/root" "$img" 1536M ||
		kp_die "mkfs.ext4 -d failed"
	rm -rf "$work/root"

	boot_guest "$img" "$tree/arch/x86/boot/bzImage" install "$work/install.log"
	tr -d '\r' <"$work/install.log" | sed -n '/^== kpatch install/,/^BOOTTEST:/p'
	tr -d '\r' <"$work/install.log" | grep '^BOOTTEST: installed' >/dev/null ||
		kp_die "the first boot did not install the patch" "$work/install.log"
	debugfs -R "ls -l /var/lib/kpatch/$krel" "$img" 2>/dev/null | grep 'kpatch-boot.ko' >/dev/null ||
		kp_die "kpatch-boot.ko is not under /var/lib/kpatch/$krel in the image"

	boot_guest "$img" "$tree/arch/x86/boot/bzImage" check "$work/check.log"
	tr -d '\r' <"$work/check.log" | sed -n '/^== kpatch list/,/^BOOTTEST: RESULT/p'
	tr -d '\r' <"$work/check.log" | grep '^BOOTTEST: RESULT ok' >/dev/null ||
		kp_die "the patch was not applied at boot as expected" "$work/check.log"
	kp_log "ok: kpatch.service applied the installed patch at boot"

	boot_guest "$img" "$tree/arch/x86/boot/bzImage" disabled "$work/disabled.log" kpatch.enable=0
	tr -d '\r' <"$work/disabled.log" | sed -n '/^== kpatch.enable=0/,/^BOOTTEST: RESULT/p'
	tr -d '\r' <"$work/disabled.log" | grep '^BOOTTEST: RESULT ok' >/dev/null ||
		kp_die "kpatch.enable=0 did not keep kpatch.service from applying the patch" "$work/disabled.log"
	kp_log "ok: with kpatch.enable=0 the patch was not applied"
	rm -rf "$work"
}

main "$@"
