#!/bin/bash
# Install everything the build and the tests need on Debian 12, idempotently.
# Run as root (or through sudo); does nothing when all packages are present.
set -euo pipefail

KP_STEP=deps
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

here=$(dirname "$0")

# Debian's current cloud kernel (scripts/debian-abi.sh), and the
# linux-source-6.1 of exactly that image's version: the test kernel and the
# Debian checks then build the source Debian ships for the kernel it ships.
abi=$("$here/debian-abi.sh")
srcver=$("$here/debian-abi.sh" --version)
# And the headers of bookworm-security's current 6.12 cloud kernel, which
# kpatch.ko is built and tested against too (they pull in that image),
# with its linux-source-6.12 (build-kernel.sh --series 6.12).
abi612=$("$here/debian-abi.sh" --series 6.12)
srcver612=$("$here/debian-abi.sh" --series 6.12 --version)

packages=(
	build-essential gcc make bc bison flex libssl-dev openssl libelf-dev libdw-dev
	zlib1g-dev elfutils pkg-config cpio xz-utils zstd kmod libkmod-dev
	rsync busybox-static qemu-system-x86 bats bats-assert bats-support
	bats-file gawk clang libclang-rt-14-dev shellcheck libcapstone-dev dwarves python3 patch debootstrap
	e2fsprogs diffutils binutils dpkg dkms lintian dpkg-dev apt-utils
	"linux-headers-${abi}-cloud-amd64" "linux-headers-${abi612}-cloud-amd64"
)

# NAME=VERSION entries: installed only when that exact version is.
versioned=("linux-source-6.1=$srcver" "linux-source-6.12=$srcver612")

missing_packages() {
	local p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep 'install ok installed' >/dev/null || printf '%s\n' "$p"
	done
	for p in "${versioned[@]}"; do
		[ "$(dpkg-query -W -f='${Version}' "${p%%=*}" 2>/dev/null)" = "${p#*=}" ] ||
			printf '%s\n' "$p"
	done
}

main() {
	local missing sudo=()
	mapfile -t missing < <(missing_packages)
	[ "${#missing[@]}" -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	kp_log "installing: ${missing[*]}"
	local log
	log=$(kp_cache_dir)/apt.log
	mkdir -p "$(dirname "$log")"
	"${sudo[@]}" apt-get update >"$log" 2>&1 || kp_die "apt-get update failed" "$log"
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y \
		--no-install-recommends --allow-downgrades "${missing[@]}" >>"$log" 2>&1 ||
		kp_die "apt-get install failed" "$log"
}

main "$@"
