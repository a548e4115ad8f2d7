#!/usr/bin/env bats
# The packaged patch at boot (test/boot/deb-boot-test.sh): a debootstrapped
# Debian with the kpatch package boots the test kernel; dpkg -i of
# kpatch-build --deb's package loads the patch from its postinst, the next
# boot's kpatch.service loads the package's module, and dpkg -r unloads it.
# Needs root, and the network the first time.

load ../lib/guest

@test "boot: kpatch.service loads the module of a kpatch-patch package at boot; its postinst loads it and its prerm unloads it" {
	[ "$(id -u)" -eq 0 ] || skip "the boot test needs root (chroot, image ownership)"
	run "$KP_ROOT/test/boot/deb-boot-test.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	# The postinst, on the kernel the package is for, loaded it.
	[[ "$output" == *"Setting up kpatch-patch-bootdeb (1)"* ]]
	[[ "$output" == *"kpatch_bootdeb_v1: enabled"* ]]
	[[ "$output" == *"dpkg exit status: 0"* ]]
	# kpatch.service loaded it at the next boot (its journal says so).
	[[ "$output" == *"kpatch.service loaded kpatch-patch-bootdeb's module at boot"* ]]
	[[ "$output" == *"Removing kpatch-patch-bootdeb (1)"* ]]
	[[ "$output" == *"kpatch_bootdeb_v1: unloaded"* ]]
	[ "$(grep -c 'BOOTTEST: RESULT ok' <<<"$output")" -eq 2 ]
}
