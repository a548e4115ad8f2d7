#!/bin/bash
# Which Debian cloud kernel to target: the ABI the archive's
# linux-image-cloud-amd64 metapackage depends on today, so the project follows
# Debian's updates instead of pinning one. DEBIAN_KERNEL_ABI overrides it.
#
#   debian-abi.sh             print the ABI, e.g. 6.1.0-57
#   debian-abi.sh --version   print that image's package version, e.g. 6.1.192-3
#                             (the linux-source-6.1 version that matches it)
set -euo pipefail

KP_STEP=debian-abi
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

meta=linux-image-cloud-amd64

# apt-cache knows nothing before the first apt-get update on a new machine.
apt_lists_ready() {
	apt-cache show "$meta" >/dev/null 2>&1
}

refresh_lists() {
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update >/dev/null 2>&1 ||
		kp_die "apt-get update failed (needed to find Debian's current cloud kernel)"
}

current_abi() {
	if [ -n "${DEBIAN_KERNEL_ABI:-}" ]; then
		printf '%s\n' "$DEBIAN_KERNEL_ABI"
		return
	fi
	apt_lists_ready || refresh_lists
	local abi
	abi=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][0-9.]*-[0-9]*\)-cloud-amd64$/\1/p' |
		sort -V | tail -n 1)
	[ -n "$abi" ] || kp_die "cannot read the kernel ABI from $meta's dependencies"
	printf '%s\n' "$abi"
}

image_version() {
	local abi=$1 v
	v=$(apt-cache show "linux-image-$abi-cloud-amd64-unsigned" 2>/dev/null |
		sed -n 's/^Version: //p' | sort -V | tail -n 1)
	[ -n "$v" ] || kp_die "the archive has no linux-image-$abi-cloud-amd64-unsigned"
	printf '%s\n' "$v"
}

main() {
	local abi
	abi=$(current_abi)
	case "${1:-}" in
	"") printf '%s\n' "$abi" ;;
	--version) image_version "$abi" ;;
	*) kp_die "usage: debian-abi.sh [--version]" ;;
	esac
}

main "$@"
