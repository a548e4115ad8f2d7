#!/bin/bash
# Fetch Debian's shipped cloud kernel image (the unsigned .deb, unpacked into
# the cache, never installed on the host) and print the vmlinuz path.
# The series is the first argument or DEBIAN_SERIES (6.1 by default, or
# 6.12); DEBIAN_KERNEL_ABI selects the ABI (default: Debian's current one
# of the series, from scripts/debian-abi.sh, the one install-deps.sh
# installs headers for).
set -euo pipefail

export KP_STEP=debian-kernel
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

abi=$("$(dirname "$0")/../../scripts/debian-abi.sh" --series "${1:-${DEBIAN_SERIES:-6.1}}")
pkg=linux-image-${abi}-cloud-amd64-unsigned
dir=$(kp_cache_dir)/debian-kernel/$abi
vmlinuz=$dir/root/boot/vmlinuz-${abi}-cloud-amd64

fetch() {
	local log=$dir/fetch.log
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && apt-get download "$pkg") >"$log" 2>&1 ||
		kp_die "apt-get download $pkg failed" "$log"
	dpkg-deb -x "$dir"/"$pkg"_*.deb "$dir/root" >>"$log" 2>&1 ||
		kp_die "unpacking $pkg failed" "$log"
	rm -f "$dir"/"$pkg"_*.deb
	[ -f "$vmlinuz" ] || kp_die "$vmlinuz not found in $pkg" "$log"
}

[ -f "$vmlinuz" ] || fetch
printf '%s\n' "$vmlinuz"
