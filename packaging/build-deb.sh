#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Stage every component's `make install` under PREFIX=/usr (Debian's paths;
# the unit in /lib/systemd/system as bookworm's packages have it), the core
# module's sources as a DKMS tree instead of a kpatch.ko for one kernel,
# then what Debian policy asks of a binary package (stripped ELF files,
# compressed manual pages and changelog, a machine-readable copyright,
# lintian overrides with reasons), compute Depends (depends.sh) and build
# the .deb with dpkg-deb (files owned by root:root without needing root).
# Called by packaging/Makefile, which documents the arguments.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "$here/.." && pwd)
root=""		# the clean copy the package is built from (main)

die() {
	printf 'packaging: error: %s\n' "$*" >&2
	exit 1
}

# stage_component DIR STAGE LOG TARGET...: one component's build and install.
stage_component() {
	local dir=$1 stage=$2 log=$3
	shift 3
	# Debian's hardening flags, all of them (bindnow and PIE included).
	local args=(DESTDIR="$stage" PREFIX=/usr UNITDIR=/lib/systemd/system
		CFLAGS="$(cd "$root" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS) $(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)"
		LDFLAGS="$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)")
	printf 'packaging: installing %s\n' "$dir" >&2
	make -C "$root/$dir" "${args[@]}" "$@" >>"$log" 2>&1 ||
		die "make $* in $dir failed; see $log"
}

stage_all() {
	local stage=$1 log=$2 d
	for d in kpatch man contrib kpatch-build; do
		[ -f "$root/$d/Makefile" ] || die "$d/Makefile is missing"
		stage_component "$d" "$stage" "$log" all install
	done
	# No kernel is built against here: DKMS builds kpatch.ko on the host.
	stage_component kmod "$stage" "$log" install-sources install-dkms
}

# What dh_strip and dh_compress would do.
finish_files() {
	local stage=$1 f
	while IFS= read -r -d '' f; do
		if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
			strip --remove-section=.comment --remove-section=.note \
				--strip-unneeded "$f"
		fi
	done < <(find "$stage/usr/sbin" "$stage/usr/bin" "$stage/usr/libexec" -type f -print0)
	find "$stage/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +
}

write_docs() {
	local stage=$1 version=$2 doc when
	doc=$stage/usr/share/doc/kpatch
	install -d "$doc" "$stage/usr/share/lintian/overrides"
	install -m 0644 "$here/debian/copyright" "$doc/copyright"
	when=$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$tree" log -1 --format=%ct 2>/dev/null || date +%s)}")
	sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$when/" "$here/debian/changelog.in" |
		gzip -9n >"$doc/changelog.gz"
	chmod 0644 "$doc/changelog.gz"
	install -m 0644 "$here/debian/lintian-overrides" \
		"$stage/usr/share/lintian/overrides/kpatch"
}

# The control file, with Depends computed and the installed size in KiB.
write_control() {
	local stage=$1 version=$2 arch=$3 size depends
	depends=$("$here/depends.sh" "$stage") || die "computing Depends failed"
	size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
	sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
		-e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
		"$here/debian/control.in" >"$stage/DEBIAN/control"
}

write_scripts() {
	local stage=$1 version=$2 s
	for s in postinst prerm postrm; do
		sed "s/@VERSION@/$version/g" "$here/debian/$s" >"$stage/DEBIAN/$s"
		chmod 0755 "$stage/DEBIAN/$s"
	done
	# Every file under /etc is a conffile (the kernel hooks).
	if [ -d "$stage/etc" ]; then
		(cd "$stage" && find etc -type f -printf '/%p\n' | sort) >"$stage/DEBIAN/conffiles"
		chmod 0644 "$stage/DEBIAN/conffiles"
	fi
	(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' |
		sort -z | xargs -0r md5sum) >"$stage/DEBIAN/md5sums"
	chmod 0644 "$stage/DEBIAN/md5sums"
}

# A clean copy of the tree, so that the package is built with Debian's flags
# whatever the checkout's objects were built with, and the checkout (which
# tests may be using) is left alone.
copy_tree() {
	local out=$1 d
	root=$out/src
	rm -rf "$root"
	mkdir -p "$root"
	rsync -a --exclude=.git --exclude=/packaging/out --exclude='*.o' \
		--exclude='*.ko' "$tree/" "$root/"
	for d in kpatch kpatch-build; do
		make -s -C "$root/$d" clean >/dev/null
	done
}

main() {
	local out=$1 stage=$2 deb=$3 version=$4 arch=$5 log
	mkdir -p "$out"
	log=$out/build.log
	: >"$log"
	copy_tree "$out"
	rm -rf "$stage"
	mkdir -p "$stage/DEBIAN" "$stage/var/lib/kpatch"
	umask 022
	stage_all "$stage" "$log"
	finish_files "$stage"
	write_docs "$stage" "$version"
	write_control "$stage" "$version" "$arch"
	write_scripts "$stage" "$version"
	dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >>"$log" 2>&1 ||
		die "dpkg-deb failed; see $log"
	rm -rf "$root"
	printf '%s\n' "$deb"
}

main "$@"
