#!/bin/bash
# Which Debian cloud kernel to target: the ABI the archive's cloud-amd64
# image metapackage of a kernel series depends on today, so the project
# follows Debian's updates instead of pinning one. The series is 6.1
# (bookworm's own, linux-image-cloud-amd64) unless DEBIAN_SERIES or
# --series says 6.12 (bookworm-security's linux-image-6.12-cloud-amd64).
# DEBIAN_KERNEL_ABI overrides the answer for the series it belongs to.
#
#   debian-abi.sh             print the ABI, e.g. 6.1.0-57 (6.12: 6.12.118+deb12)
#   debian-abi.sh --version   print that image's package version, e.g. 6.1.192-3
#                             (the linux-source version that matches it)
#   debian-abi.sh --series 6.12 [--version]
set -euo pipefail

KP_STEP=debian-abi
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

series=${DEBIAN_SERIES:-6.1}
meta=

# The metapackage that follows a series' current cloud image.
series_meta() {
	case "$1" in
	6.1) printf 'linux-image-cloud-amd64\n' ;;
	6.12) printf 'linux-image-6.12-cloud-amd64\n' ;;
	*) kp_die "unsupported kernel series $1 (supported: 6.1, 6.12)" ;;
	esac
}

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
	if [[ "${DEBIAN_KERNEL_ABI:-}" == "$series".* ]]; then
		printf '%s\n' "$DEBIAN_KERNEL_ABI"
		return
	fi
	apt_lists_ready || refresh_lists
	local abi
	abi=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][0-9.]*[-+][0-9a-z]*\)-cloud-amd64$/\1/p' |
		awk -v s="$series." 'index($0, s) == 1' | sort -V | tail -n 1)
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
	local abi version=""
	while [ $# -gt 0 ]; do
		case "$1" in
		--version) version=1 ;;
		--series) [ $# -ge 2 ] || kp_die "--series needs a value"; series=$2; shift ;;
		*) kp_die "usage: debian-abi.sh [--series 6.1|6.12] [--version]" ;;
		esac
		shift
	done
	meta=$(series_meta "$series")
	abi=$(current_abi)
	if [ -n "$version" ]; then
		image_version "$abi"
	else
		printf '%s\n' "$abi"
	fi
}

main "$@"
