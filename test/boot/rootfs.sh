#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build (once) a small Debian bookworm root filesystem with systemd for the
# boot test, with debootstrap, and keep it as a tarball in the cache. Prints
# the tarball's path. Needs root (debootstrap chroots) and the network the
# first time; later calls return at once.
set -euo pipefail

export KP_STEP=boot-rootfs
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"

SUITE=bookworm
MIRROR=${KP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PACKAGES=systemd,systemd-sysv,udev,kmod

tarball() {
	local key
	key=$(printf '%s %s\n' "$SUITE" "$PACKAGES" | sha256sum | cut -c1-12)
	printf '%s/boot/rootfs-%s-%s.tar.gz\n' "$(kp_cache_dir)" "$SUITE" "$key"
}

build() {
	local out=$1 dir log
	command -v debootstrap >/dev/null ||
		kp_die "debootstrap is not installed (apt-get install debootstrap)"
	[ "$(id -u)" -eq 0 ] || kp_die "debootstrap needs root"
	mkdir -p "$(dirname "$out")"
	dir=$(mktemp -d "$(dirname "$out")/rootfs.XXXXXX")
	log=$(dirname "$out")/debootstrap.log
	kp_log "debootstrap $SUITE into $dir (log: $log)"
	debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$dir" \
		"$MIRROR" >"$log" 2>&1 || {
		rm -rf "$dir"
		kp_die "debootstrap failed" "$log"
	}
	# Keep the image small: package caches and lists are not needed.
	rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
	tar -C "$dir" -czf "$out.tmp" . || kp_die "tar of the root filesystem failed"
	mv "$out.tmp" "$out"
	rm -rf "$dir"
}

main() {
	local out
	out=$(tarball)
	if [ ! -f "$out" ]; then
		mkdir -p "$(dirname "$out")"
		exec 9>"$(dirname "$out").lock"
		flock 9
		[ -f "$out" ] || build "$out"
	fi
	printf '%s\n' "$out"
}

main "$@"
