#!/usr/bin/env bats
# The Debian package: `make -C packaging deb` builds it from the tree;
# lintian finds nothing (the overrides say why); Depends is computed from
# what the tools link to and run; kpatch.ko ships as DKMS sources, not
# built for one ABI; and it installs into and is purged from a scratch root
# (dpkg --root, maintainer scripts run outside a chroot and honouring
# DPKG_ROOT) without touching the host's package database. The real `apt
# install` on a fresh bookworm is test/guest/package-apt.bats.

setup_file() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	export KP_ROOT
	PKG_OUT=$(mktemp -d /tmp/kpatch-pkg.XXXXXX)
	export PKG_OUT
	make -s -C "$KP_ROOT/packaging" deb OUT="$PKG_OUT" >"$PKG_OUT/make.log" 2>&1 ||
		{ cat "$PKG_OUT/make.log" "$PKG_OUT/build.log" >&2; return 1; }
	DEB=$(ls "$PKG_OUT"/kpatch_*_amd64.deb)
	export DEB
	VERSION=$(cat "$KP_ROOT/VERSION")
	export VERSION
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

@test "package: holds the command, man pages, unit, DKMS sources and data directory" {
	run dpkg-deb --contents "$DEB"
	[ "$status" -eq 0 ]
	for f in ./usr/sbin/kpatch ./usr/bin/kpatch-build \
		./usr/libexec/kpatch/create-diff-object ./usr/libexec/kpatch/kpatch-report \
		./usr/share/man/man1/kpatch.1.gz \
		./usr/share/man/man1/kpatch-build.1.gz ./lib/systemd/system/kpatch.service \
		"./usr/src/kpatch-$VERSION/dkms.conf" "./usr/src/kpatch-$VERSION/core/core.c" \
		./usr/share/kpatch/kmod/patch/patch-glue.c ./var/lib/kpatch/ \
		./usr/share/doc/kpatch/copyright ./usr/share/doc/kpatch/changelog.gz; do
		[[ "$output" == *" $f"* ]] || { echo "missing $f"; false; }
	done
	[[ "$output" != *"/usr/local/"* ]]
	# No kpatch.ko built for one kernel: DKMS builds it on the target.
	[[ "$output" != *"kpatch.ko"* ]]
	run dpkg-deb -f "$DEB" Package Architecture
	[ "${lines[0]}" = "Package: kpatch" ]
	[ "${lines[1]}" = "Architecture: amd64" ]
}

@test "package: the DKMS config builds the core from the shipped sources" {
	x=$BATS_TEST_TMPDIR/x
	dpkg-deb -x "$DEB" "$x"
	conf=$x/usr/src/kpatch-$VERSION/dkms.conf
	grep -qx "PACKAGE_VERSION=\"$VERSION\"" "$conf"
	grep -qx 'BUILT_MODULE_NAME\[0\]="kpatch"' "$conf"
	# Built by our kernel hooks, not DKMS's autoinstall (which fails a
	# kernel's installation for an excluded kernel), for 6.1 and 6.12 only.
	if grep -q '^AUTOINSTALL' "$conf"; then false; fi
	grep -qxF 'BUILD_EXCLUSIVE_KERNEL="^6\.(1|12)\."' "$conf"
	for h in header_postinst.d postinst.d; do
		grep -q "dkms install -m kpatch -v $VERSION" "$x/etc/kernel/$h/kpatch"
	done
	diff <({ cd "$KP_ROOT/kmod/core" && for f in Kbuild ./*.h ./*.c; do
		[[ "$f" == *.mod.c ]] || echo "${f#./}"; done; echo VERSION; } | sort) \
		<(cd "$x/usr/src/kpatch-$VERSION/core" && for f in *; do echo "$f"; done | sort)
	# The unit and the man page name the packaged paths.
	grep -qx 'ExecStart=/usr/sbin/kpatch load --all' "$x/lib/systemd/system/kpatch.service"
	zgrep -q '^\.I /lib/systemd/system/kpatch.service$' "$x/usr/share/man/man1/kpatch.1.gz"
}

@test "package: Depends is computed: libraries, tools kpatch-build runs, dkms; no essential packages" {
	run dpkg-deb -f "$DEB" Depends
	echo "$output"
	for p in libelf1 libdw1 libcapstone4 libc6 dkms gcc make rsync patch binutils bison flex bc \
		libelf-dev libssl-dev pahole xz-utils openssl; do
		[[ ", $output," == *", $p"[\ ,]* ]] || { echo "no $p"; false; }
	done
	for p in bash coreutils util-linux; do
		[[ ", $output," != *", $p,"* ]] || { echo "essential $p declared"; false; }
	done
	# Every tool kpatch-build checks for is in runtime-needs.
	while read -r t; do
		grep -qx "$t" "$KP_ROOT/packaging/runtime-needs" || { echo "$t not in runtime-needs"; false; }
	done < <(sed -n 's/^[[:space:]]*kb_need_tool //p' "$KP_ROOT"/kpatch-build/kpatch-build \
		"$KP_ROOT"/kpatch-build/lib/*.sh | tr ' ' '\n')
}

@test "package: lintian finds nothing at any level, overrides aside" {
	run lintian -I -E --pedantic --fail-on error,warning,info,pedantic "$DEB"
	echo "$output"
	[ "$status" -eq 0 ]
	if grep -v 'running with root privileges is not recommended' <<<"$output" | grep -q .; then
		false
	fi
}

@test "package: installs into a root, enables the unit, builds nothing there, and purges cleanly" {
	r=$BATS_TEST_TMPDIR/root
	new_root "$r"
	run dpkg_in "$r" -i "$DEB"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"kpatch: installed into $r; run 'dkms autoinstall' inside it to build kpatch.ko"* ]]
	[ -x "$r/usr/sbin/kpatch" ]
	[ "$("$r/usr/sbin/kpatch" --version)" = "$VERSION" ]
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

# copyright_license FILE: the License of the last Files stanza of
# debian/copyright whose pattern matches FILE (DEP-5: the last match wins).
copyright_license() {
	local f=$1 pat lic="" in_files=0 cur=() line
	while IFS= read -r line; do
		case "$line" in
		"Files: "*) in_files=1; read -ra cur <<<"${line#Files: }" ;;
		" "*) [ "$in_files" = 1 ] && read -ra more <<<"$line" && cur+=("${more[@]}") ;;
		"License: "*)
			if [ "$in_files" = 1 ]; then
				for pat in "${cur[@]}"; do
					# shellcheck disable=SC2053
					[[ "$f" == $pat ]] && lic=${line#License: }
				done
			fi
			in_files=0
			;;
		*) [[ "$line" == Copyright:* || "$line" == Comment:* ]] || in_files=0 ;;
		esac
	done <"$KP_ROOT/packaging/debian/copyright"
	printf '%s\n' "$lic"
}

@test "package: debian/copyright gives every file the licence its SPDX line says" {
	cd "$KP_ROOT"
	n=0
	while IFS= read -r f; do
		spdx=$(grep -m1 -o 'SPDX-License-Identifier: [A-Za-z0-9.+-]*' "$f" | awk '{ print $2 }')
		case "$spdx" in
		GPL-2.0 | GPL-2.0-only) want=GPL-2 ;;
		GPL-2.0-or-later | GPL-2.0+) want=GPL-2+ ;;
		*) echo "$f: unexpected licence '$spdx'"; false ;;
		esac
		got=$(copyright_license "$f")
		[ "$got" = "$want" ] || { echo "$f: SPDX $spdx, debian/copyright says '$got'"; false; }
		n=$((n + 1))
	done < <(git ls-files | xargs grep -l 'SPDX-License-Identifier:' | grep -v '^test/')
	[ "$n" -gt 50 ]
}
