#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A fleet, end to end, in the debootstrapped bookworm chroot (chroot.sh):
# kpatch-build --deb builds versions 1 and 2 of one live patch for the test
# kernel (examples/cmdline-string.patch, then the same change saying
# kpatch=2), lintian checks them and the kpatch package, apt-ftparchive makes
# a local repository of them (a file: source), and in the chroot:
#   apt-get install kpatch-patch-fleet    version 1 and kpatch, from the repository
#   apt-get upgrade                       version 2, once the repository has it
#   apt-get remove kpatch-patch-fleet
# each of which must exit 0 and leave the files where they belong. The
# chroot runs the host's kernel, never the patch's, so the postinst installs
# for boot and says it does not load. Every command and its exit status is
# printed ("=> exit N"). Needs root, the network (the first time) and
# kpatch-build's cached tree of the test kernel (built if missing: slow).
set -euo pipefail

export KP_STEP=apt-fleet
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"
# shellcheck source=chroot.sh
. "$here/chroot.sh"

PKG=kpatch-patch-fleet REPO=/srv/fleet-repo
# dpkg-query's format (its ${...} are dpkg's, not the shell's).
# shellcheck disable=SC2016
STATUS='${Package} ${Version} ${Status}\n'
KREL="" WORK=""

# run_step CMD...: in the chroot; its exit status shown, and it must be 0.
run_step() {
	local rc=0
	in_root "$@" || rc=$?
	printf '=> exit %s\n' "$rc"
	[ "$rc" -eq 0 ] || kp_die "$* exited $rc"
}

# build_patch VERSION PATCH: kpatch-build --deb for the test kernel.
build_patch() {
	local version=$1 patch=$2 tree=$3
	printf '# kpatch-build -s TREE -n kpatch-fleet --deb --deb-version %s %s\n' "$version" "$(basename "$patch")"
	DEBEMAIL=fleet@example.org DEBFULLNAME="kpatch fleet test" \
		"$root/kpatch-build/kpatch-build" -s "$tree" -n kpatch-fleet \
		--deb --deb-version "$version" -o "$WORK/v$version" "$patch" \
		>"$WORK/kpatch-build-$version.log" 2>&1 ||
		kp_die "kpatch-build --deb (version $version) failed" "$WORK/kpatch-build-$version.log"
	grep '^kpatch-build: wrote' "$WORK/kpatch-build-$version.log"
}

check_lintian() {
	local deb
	for deb in "$@"; do
		printf '# lintian --fail-on error,warning %s\n' "$(basename "$deb")"
		lintian --fail-on error,warning "$deb" 2>&1 | grep -v '^running with root privileges' || true
		lintian --fail-on error,warning "$deb" >/dev/null 2>&1 ||
			kp_die "lintian reports errors or warnings for $(basename "$deb")"
		printf '=> lintian ok: %s\n' "$(basename "$deb")"
	done
}

# publish DEB...: the repository holds these .debs, indexed by apt-ftparchive.
publish() {
	local dir=$CHROOT$REPO
	mkdir -p "$dir"
	cp "$@" "$dir/"
	printf '# apt-ftparchive packages . > Packages; apt-ftparchive release . > Release\n'
	(cd "$dir" && apt-ftparchive packages . >Packages && apt-ftparchive release . >Release) ||
		kp_die "apt-ftparchive failed"
	sed -n 's/^Package: //p; s/^Version: /  version /p' "$dir/Packages"
}

# check_files VERSION|none: the module of that version is the only one
# under /var/lib/kpatch/KREL, or (none) the package left nothing there.
check_files() {
	local want=$1 dir=$CHROOT/var/lib/kpatch/$KREL have
	printf '# ls /var/lib/kpatch/%s\n' "$KREL"
	have=$(ls "$dir" 2>/dev/null || true)
	printf '%s\n' "${have:-(no such directory or empty)}"
	if [ "$want" = none ]; then
		[ -z "$have" ] || kp_die "files left under /var/lib/kpatch/$KREL: $have"
		[ ! -e "$CHROOT/usr/share/doc/$PKG" ] || kp_die "/usr/share/doc/$PKG is left"
		printf 'files: none left\n'
		return
	fi
	[ "$have" = "kpatch-fleet-v$want.ko" ] ||
		kp_die "/var/lib/kpatch/$KREL holds '$have', not kpatch-fleet-v$want.ko"
	cmp -s "$dir/$have" "$WORK/v$want/$have" ||
		kp_die "the installed $have is not the one kpatch-build wrote"
	printf 'files: kpatch-fleet-v%s.ko in place\n' "$want"
}

main() {
	local tree kdeb tarball
	[ "$(id -u)" -eq 0 ] || kp_die "the fleet test needs root (chroot, bind mounts)"
	trap cleanup EXIT
	tree=$("$root/test/kernel/build-kernel.sh")
	KREL=$(cat "$tree/include/config/kernel.release")
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/kpatch-fleet.XXXXXX")
	sed 's/kpatch=1/kpatch=2/' "$root/examples/cmdline-string.patch" >"$WORK/cmdline-string-2.patch"
	build_patch 1 "$root/examples/cmdline-string.patch" "$tree"
	build_patch 2 "$WORK/cmdline-string-2.patch" "$tree"
	make -s -C "$root/packaging" deb OUT="$WORK/kpatch" >"$WORK/make-deb.log" 2>&1 ||
		kp_die "building the kpatch .deb failed" "$WORK/kpatch/build.log"
	kdeb=$(ls "$WORK"/kpatch/kpatch_*_amd64.deb)
	check_lintian "$WORK/v1/${PKG}_1_amd64.deb" "$WORK/v2/${PKG}_2_amd64.deb" "$kdeb"

	tarball=$("$root/test/boot/rootfs.sh")
	prepare_root "$tarball"
	printf 'deb [trusted=yes] file:%s ./\n' "$REPO" >"$CHROOT/etc/apt/sources.list.d/fleet.list"
	printf '# %s\n' "$(cat "$CHROOT/etc/apt/sources.list.d/fleet.list")"
	publish "$kdeb" "$WORK/v1/${PKG}_1_amd64.deb"
	run_step apt-get update -q
	run_step apt-get install -y -q --no-install-recommends "$PKG"
	run_step dpkg-query -W -f "$STATUS" "$PKG"
	check_files 1

	publish "$WORK/v2/${PKG}_2_amd64.deb"
	run_step apt-get update -q
	run_step apt-get upgrade -y -q
	run_step dpkg-query -W -f "$STATUS" "$PKG"
	check_files 2

	run_step apt-get remove -y -q "$PKG"
	printf '# dpkg-query -W %s\n' "$PKG"
	chroot "$CHROOT" dpkg-query -W -f "$STATUS" "$PKG" 2>&1 || true
	check_files none
	rm -rf "$WORK"
	echo "fleet: install, upgrade and remove all exited 0"
}

main "$@"
