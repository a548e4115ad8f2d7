#!/usr/bin/env bats
# The .deb on a fresh Debian 12 (test/package/apt-install.sh): apt install
# in a clean debootstrapped bookworm chroot, kpatch --version, dkms status,
# DKMS building kpatch.ko when a kernel's headers arrive, and apt purge.
# Not a guest boot, but as slow as one the first time (the archive's .debs
# are cached after it). Needs root and the network.

load ../lib/guest

@test "package: apt install ./kpatch_*.deb on a fresh bookworm, DKMS builds kpatch.ko, purge" {
	[ "$(id -u)" -eq 0 ] || skip "the apt install test needs root (chroot, bind mounts)"
	local version kver
	version=$(cat "$KP_ROOT/VERSION")
	kver=$KP_DEBIAN_ABI-cloud-amd64
	run "$KP_ROOT/test/package/apt-install.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	# apt resolved every Depends and configured the package.
	[[ "$output" == *"Setting up kpatch ($version)"* ]]
	# kpatch --version printed the bare version on a line of its own.
	grep -qx "$version" <<<"$output"
	grep -qx "kpatch/$version: added" <<<"$output"
	grep -qE "^kpatch/$version, $kver, x86_64: installed" <<<"$output"
	grep -qE "^$kver SMP .*mod_unload modversions" <<<"$output"
	[[ "$output" == *"purge: kpatch.ko and its DKMS sources are gone"* ]]
}
