#!/usr/bin/env bats
# The .deb on a fresh Debian 12 (test/package/apt-install.sh): apt install
# in a clean debootstrapped bookworm chroot, kpatch --version, dkms status,
# DKMS building kpatch.ko when a kernel's headers arrive, and apt purge.
# Not a guest boot, but as slow as one the first time (the archive's .debs
# are cached after it). Needs root and the network.

load ../lib/guest

@test "package: apt install ./kpatch_*.deb on a fresh bookworm, DKMS builds kpatch.ko for 6.1 and 6.12, an unsupported kernel installs, purge" {
	[ "$(id -u)" -eq 0 ] || skip "the apt install test needs root (chroot, bind mounts)"
	local version kver kver612
	version=$(cat "$KP_ROOT/VERSION")
	kver=$KP_DEBIAN_ABI-cloud-amd64
	kver612=$("$KP_ROOT/scripts/debian-abi.sh" --series 6.12)-cloud-amd64
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
	# Every apt-get above exited 0 (the script stops at the first that
	# does not); the 6.12 headers got kpatch.ko from our kernel hook
	# (whose lines dpkg's terminal ends with CR LF).
	local out
	out=$(tr -d '\r' <<<"$output")
	grep -qxF "kpatch: kpatch.ko is installed for $kver612" <<<"$out"
	grep -qF "kpatch/$version, $kver612, x86_64: installed" <<<"$out"
	grep -E "SMP .*mod_unload modversions" <<<"$out" | grep -qF "$kver612 SMP"
	# A series we do not support: declined in one line, or none to try.
	if grep -q "^unsupported series: linux-headers" <<<"$out"; then
		grep -qE "^kpatch: kernel .* is not supported \(Linux 6.1 and 6.12 only\): kpatch.ko not built$" <<<"$out"
	else
		grep -qx "unsupported series: none in bookworm's archive (bookworm-backports included)" <<<"$out"
	fi
	[[ "$output" == *"purge: kpatch.ko and its DKMS sources are gone"* ]]
}
