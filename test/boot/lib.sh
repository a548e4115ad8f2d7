# shellcheck shell=bash
# What the boot tests (boot-test.sh, deb-boot-test.sh) share: the core
# module for the test kernel, the test driver unit in the root filesystem,
# and one QEMU boot of the image. Sourced after scripts/lib.sh.

TIMEOUT=${KP_BOOT_TIMEOUT:-600}
KP_BOOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KP_BOOT_ROOT=$(cd "$KP_BOOT_DIR/../.." && pwd)

# boot_core_module TREE LOG: kpatch.ko for TREE (KP_BOOT_CORE overrides).
boot_core_module() {
	local tree=$1 log=$2
	if [ -n "${KP_BOOT_CORE:-}" ]; then
		printf '%s\n' "$KP_BOOT_CORE"
		return
	fi
	make -C "$KP_BOOT_ROOT/kmod" KDIR="$tree" >"$log" 2>&1 || kp_die "building kmod failed" "$log"
	printf '%s\n' "$KP_BOOT_ROOT/kmod/core/kpatch.ko"
}

# boot_test_driver ROOTDIR: the driver unit that runs the phase named on
# the kernel command line, a console without a login prompt, and fstab.
boot_test_driver() {
	local dir=$1 wants
	install -D -m 0755 "$KP_BOOT_DIR/guest/kpatch-boottest.sh" "$dir/usr/local/sbin/kpatch-boottest"
	install -D -m 0644 "$KP_BOOT_DIR/guest/kpatch-boottest.service" \
		"$dir/etc/systemd/system/kpatch-boottest.service"
	wants=$dir/etc/systemd/system
	mkdir -p "$wants/multi-user.target.wants"
	ln -sf /etc/systemd/system/kpatch-boottest.service "$wants/multi-user.target.wants/"
	# No login prompt on the console the test reads.
	ln -sf /dev/null "$wants/serial-getty@ttyS0.service"
	printf 'kpatch-boot\n' >"$dir/etc/hostname"
	printf '/dev/vda / ext4 rw 0 1\n' >"$dir/etc/fstab"
}

# boot_guest IMAGE BZIMAGE PHASE LOG [CMDLINE]: one boot; the console goes
# to LOG.
boot_guest() {
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
