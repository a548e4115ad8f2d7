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

TIMEOUT=${KP_BOOT_TIMEOUT:-600}

core_module() {
	local tree=$1 log=$2
	if [ -n "${KP_BOOT_CORE:-}" ]; then
		printf '%s\n' "$KP_BOOT_CORE"
		return
	fi
	make -C "$root/kmod" KDIR="$tree" >"$log" 2>&1 || kp_die "building kmod failed" "$log"
	printf '%s\n' "$root/kmod/core/kpatch.ko"
}

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
populate() {
	local dir=$1 krel=$2 core=$3 patch=$4 wants
	make -s -C "$root/kpatch" >&2
	make -s -C "$root/kpatch" install DESTDIR="$dir" PREFIX=/usr >&2
	make -s -C "$root/contrib" install DESTDIR="$dir" PREFIX=/usr >&2
	install -D -m 0644 "$core" "$dir/lib/modules/$krel/extra/kpatch/kpatch.ko"
	install -D -m 0644 "$patch" "$dir/root/kpatch-boot.ko"
	install -D -m 0755 "$here/guest/kpatch-boottest.sh" "$dir/usr/local/sbin/kpatch-boottest"
	install -D -m 0644 "$here/guest/kpatch-boottest.service" \
		"$dir/etc/systemd/system/kpatch-boottest.service"
	wants=$dir/etc/systemd/system
	mkdir -p "$wants/multi-user.target.wants"
	# kpatch.service is left disabled: `kpatch install` in the first boot
	# must enable it, as upstream's does.
	ln -sf /etc/systemd/system/kpatch-boottest.service "$wants/multi-user.target.wants/"
	# No login prompt on the console the test reads.
	ln -sf /dev/null "$wants/serial-getty@ttyS0.service"
	printf 'kpatch-boot\n' >"$dir/etc/hostname"
	printf '/dev/vda / ext4 rw 0 1\n' >"$dir/etc/fstab"
}

# boot IMAGE BZIMAGE PHASE LOG [CMDLINE]: one boot; the console goes to LOG.
boot() {
	local img=$1 bz=$2 phase=$3 log=$4 extra=${5:-} rc=0
	kp_log "booting ($phase); console: $log"
	timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max \
		-smp 2 -m 1024 -kernel "$bz" \
		-append "root=/dev/vda rw console=ttyS0 panic=-1 kpatch_boottest=$phase $extra" \
		-drive "file=$img,if=virtio,format=raw" -nographic -no-reboot \
		</dev/null >"$log" 2>&1 || rc=$?
	[ "$rc" -ne 124 ] || kp_die "the $phase boot did not finish in ${TIMEOUT}s" "$log"
	[ "$rc" -eq 0 ] || kp_die "qemu exited $rc in the $phase boot" "$log"
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
	core=$(core_module "$tree" "$work/kmod.log")
	patch=$(patch_module "$tree" "$work" "$work/kpatch-build.log")
	tar -C "$work/root" -xzf "$tarball"
	populate "$work/root" "$krel" "$core" "$patch"
	img=$work/disk.ext4
	mkfs.ext4 -q -F -L kpatch-root -d "$work/root" "$img" 1536M ||
		kp_die "mkfs.ext4 -d failed"
	rm -rf "$work/root"

	boot "$img" "$tree/arch/x86/boot/bzImage" install "$work/install.log"
	tr -d '\r' <"$work/install.log" | sed -n '/^== kpatch install/,/^BOOTTEST:/p'
	tr -d '\r' <"$work/install.log" | grep '^BOOTTEST: installed' >/dev/null ||
		kp_die "the first boot did not install the patch" "$work/install.log"
	debugfs -R "ls -l /var/lib/kpatch/$krel" "$img" 2>/dev/null | grep 'kpatch-boot.ko' >/dev/null ||
		kp_die "kpatch-boot.ko is not under /var/lib/kpatch/$krel in the image"

	boot "$img" "$tree/arch/x86/boot/bzImage" check "$work/check.log"
	tr -d '\r' <"$work/check.log" | sed -n '/^== kpatch list/,/^BOOTTEST: RESULT/p'
	tr -d '\r' <"$work/check.log" | grep '^BOOTTEST: RESULT ok' >/dev/null ||
		kp_die "the patch was not applied at boot as expected" "$work/check.log"
	kp_log "ok: kpatch.service applied the installed patch at boot"

	boot "$img" "$tree/arch/x86/boot/bzImage" disabled "$work/disabled.log" kpatch.enable=0
	tr -d '\r' <"$work/disabled.log" | sed -n '/^== kpatch.enable=0/,/^BOOTTEST: RESULT/p'
	tr -d '\r' <"$work/disabled.log" | grep '^BOOTTEST: RESULT ok' >/dev/null ||
		kp_die "kpatch.enable=0 did not keep kpatch.service from applying the patch" "$work/disabled.log"
	kp_log "ok: with kpatch.enable=0 the patch was not applied"
	rm -rf "$work"
}

main "$@"
