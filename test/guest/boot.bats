#!/usr/bin/env bats
# The systemd boot test (test/boot/boot-test.sh) as part of make check: a
# debootstrapped Debian (cached after the first run) boots the test kernel
# three times: `kpatch install` in the first boot (it enables
# kpatch.service), kpatch.service applies the patch during the second, and
# not during the third, booted with kpatch.enable=0. It needs root for
# debootstrap and the image.

load ../lib/guest

@test "boot: kpatch.service applies an installed patch during a real systemd boot" {
	[ "$(id -u)" -eq 0 ] || skip "the boot test needs root (debootstrap, image ownership)"
	run "$KP_ROOT/test/boot/boot-test.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"kpatch_boot [enabled]"* ]]
	[[ "$output" == *"apply kpatch_boot ok"* ]]
	[[ "$output" == *"BOOTTEST: RESULT ok"* ]]
	[[ "$output" == *"ok: with kpatch.enable=0 the patch was not applied"* ]]
}
