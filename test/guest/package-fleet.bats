#!/usr/bin/env bats
# A live patch as a Debian package for a fleet (test/package/apt-fleet.sh):
# kpatch-build --deb builds two versions of one patch, lintian passes them,
# a local apt repository (apt-ftparchive, file: source) serves them to the
# debootstrapped bookworm chroot, and apt-get install, upgrade and remove
# each exit 0 with the files where they belong. Not a guest boot; needs
# root and the network (the archive's .debs are cached after the first run).

load ../lib/guest

@test "package: kpatch-patch-NAME from a local apt repository installs, upgrades to version 2, and is removed, each exiting 0" {
	[ "$(id -u)" -eq 0 ] || skip "the fleet test needs root (chroot, bind mounts)"
	local krel out
	krel=$(cat "$KP_KDIR/include/config/kernel.release")
	run "$KP_ROOT/test/package/apt-fleet.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	out=$(tr -d '\r' <<<"$output")
	# lintian passed all three packages.
	grep -qx "=> lintian ok: kpatch-patch-fleet_1_amd64.deb" <<<"$out"
	grep -qx "=> lintian ok: kpatch-patch-fleet_2_amd64.deb" <<<"$out"
	grep -qE "^=> lintian ok: kpatch_.*_amd64.deb$" <<<"$out"
	# apt took version 1 and kpatch from the repository, then version 2.
	grep -qF "Setting up kpatch-patch-fleet (1)" <<<"$out"
	grep -qF "Unpacking kpatch-patch-fleet (2) over (1)" <<<"$out"
	grep -qF "Setting up kpatch-patch-fleet (2)" <<<"$out"
	grep -qx "kpatch-patch-fleet 2 install ok installed" <<<"$out"
	# The chroot runs the host's kernel: installed for boot, not loaded.
	grep -qF "kpatch-patch-fleet: not loaded: the running kernel is $(uname -r), this patch is for $krel" <<<"$out"
	# kpatch install accepted the file dpkg put in place (built for $krel).
	grep -qF "kpatch-fleet-v1.ko is already installed for kernel $krel" <<<"$out"
	grep -qF "kpatch-fleet-v2.ko is already installed for kernel $krel" <<<"$out"
	[[ "$out" != *"failed (above)"* ]]
	grep -qx "files: kpatch-fleet-v1.ko in place" <<<"$out"
	grep -qx "files: kpatch-fleet-v2.ko in place" <<<"$out"
	grep -qF "Removing kpatch-patch-fleet (2)" <<<"$out"
	grep -qx "files: none left" <<<"$out"
	# Every apt-get exited 0 (the script stops at the first that does not).
	[ "$(grep -c '^=> exit 0$' <<<"$out")" -eq 7 ]
}
