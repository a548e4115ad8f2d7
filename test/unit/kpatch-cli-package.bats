#!/usr/bin/env bats
# The Debian package: `make -C packaging deb` builds it from the tree, and it
# installs into and is purged from a scratch root (dpkg --root, with
# maintainer scripts run outside a chroot and honouring DPKG_ROOT) without
# touching the host's package database.

setup_file() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	export KP_ROOT
	PKG_OUT=$(mktemp -d /tmp/kpatch-pkg.XXXXXX)
	export PKG_OUT
	make -s -C "$KP_ROOT/packaging" deb OUT="$PKG_OUT" >"$PKG_OUT/make.log" 2>&1 ||
		{ cat "$PKG_OUT/make.log" "$PKG_OUT/build.log" >&2; return 1; }
	DEB=$(ls "$PKG_OUT"/kpatch_*_amd64.deb)
	export DEB
}

teardown_file() {
	rm -rf "$PKG_OUT"
}

# A root with an empty dpkg database.
new_root() {
	local r=$1
	mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/var/lib/dpkg/triggers"
	: >"$r/var/lib/dpkg/status"
	: >"$r/var/lib/dpkg/available"
}

dpkg_in() {
	local r=$1
	shift
	dpkg --root="$r" --force-depends --force-script-chrootless --force-not-root "$@"
}

@test "package: holds the command, man pages, unit and data directory" {
	run dpkg-deb --contents "$DEB"
	[ "$status" -eq 0 ]
	for f in ./usr/sbin/kpatch ./usr/share/man/man1/kpatch.1 \
		./usr/share/man/man1/kpatch-build.1 \
		./usr/lib/systemd/system/kpatch.service ./var/lib/kpatch/; do
		[[ "$output" == *" $f"* ]] || { echo "missing $f"; false; }
	done
	[[ "$output" != *" root/root "*"/usr/local/"* ]]
	run dpkg-deb -f "$DEB" Package Architecture
	[ "${lines[0]}" = "Package: kpatch" ]
	[ "${lines[1]}" = "Architecture: amd64" ]
}

@test "package: the core module is built for Debian's kernel when kmod is packaged" {
	[ -f "$KP_ROOT/kmod/Makefile" ] || skip "kmod/Makefile does not exist yet"
	run dpkg-deb --contents "$DEB"
	[[ "$output" == *"/lib/modules/$("$KP_ROOT/scripts/debian-abi.sh")-cloud-amd64/extra/kpatch/kpatch.ko"* ]]
}

@test "package: installs into a root, enables the unit, and purges cleanly" {
	r=$BATS_TEST_TMPDIR/root
	new_root "$r"
	run dpkg_in "$r" -i "$DEB"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -x "$r/usr/sbin/kpatch" ]
	[ "$("$r/usr/sbin/kpatch" version | head -n 1 | cut -d' ' -f1)" = kpatch ]
	[ -L "$r/etc/systemd/system/sysinit.target.wants/kpatch.service" ]
	run dpkg --root="$r" -s kpatch
	[[ "$output" == *"Status: install ok installed"* ]]
	run dpkg_in "$r" -P kpatch
	[ "$status" -eq 0 ]
	# Nothing but empty directories is left outside dpkg's own database.
	run find "$r" -path "$r/var/lib/dpkg" -prune -o ! -type d -print
	[ -z "$output" ]
	[ ! -e "$r/var/lib/kpatch" ]
}
