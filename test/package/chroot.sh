# shellcheck shell=bash
# The debootstrapped bookworm chroot the package tests install into
# (sourced by apt-install.sh and apt-fleet.sh): the boot test's cached root
# (test/boot/rootfs.sh) unpacked under the cache, this host's apt sources,
# no service started, and the archive's .debs and package lists kept in the
# cache across runs. Needs root.
#   prepare_root TARBALL   unpack and mount; sets CHROOT
#   in_root CMD...         run in the chroot, the command shown first
#   cleanup                unmount and remove (the scripts' EXIT trap)

CHROOT="" MOUNTS=()

cleanup() {
	local i
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount -l "${MOUNTS[i]}" 2>/dev/null || true
	done
	[ -n "$CHROOT" ] && rm -rf "$CHROOT"
	return 0
}

# bind SRC DST: a bind mount undone on exit.
bind() {
	mkdir -p "$2"
	mount --bind "$1" "$2"
	MOUNTS+=("$2")
}

# in_root CMD...: run in the chroot, output shown.
in_root() {
	printf '# %s\n' "$*"
	chroot "$CHROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
}

prepare_root() {
	local tarball=$1 cache
	cache=$(kp_cache_dir)/package
	mkdir -p "$cache/archives/partial" "$cache/lists/partial"
	CHROOT=$(mktemp -d "$cache/root.XXXXXX")
	tar -C "$CHROOT" -xzf "$tarball"
	rm -f "$CHROOT"/etc/apt/sources.list "$CHROOT"/etc/apt/sources.list.d/*
	cp -a /etc/apt/sources.list.d/*.sources "$CHROOT/etc/apt/sources.list.d/" 2>/dev/null || true
	[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$CHROOT/etc/apt/"
	cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
	# No service may start inside the chroot.
	printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
	chmod 0755 "$CHROOT/usr/sbin/policy-rc.d"
	bind /proc "$CHROOT/proc"
	bind /sys "$CHROOT/sys"
	bind /dev "$CHROOT/dev"
	bind /dev/pts "$CHROOT/dev/pts"
	bind "$cache/archives" "$CHROOT/var/cache/apt/archives"
	bind "$cache/lists" "$CHROOT/var/lib/apt/lists"
}
