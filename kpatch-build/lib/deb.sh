# shellcheck shell=bash
# kpatch-build --deb: the patch module as a Debian package for fleets,
# kpatch-patch-NAME_VERSION_amd64.deb. It ships the module where
# `kpatch install` puts it (/var/lib/kpatch/KREL/), so dpkg owns the file and
# kpatch.service loads it at boot; its maintainer scripts (deb-scripts.sh)
# load it when the running kernel is KREL and unload it on removal.
#
# Successive versions of one patch must load over each other as an atomic
# replace, and the kernel cannot hold two modules of one name, so the
# module's name carries the package version (kpatch-NAME-v2.ko): version 2's
# postinst loads it, the core retires version 1 in the same stop_machine
# window, and version 1's module is then unloaded.

KB_DEB=0 KB_DEB_VERSION=1 KB_DEB_BASE="" KB_DEB_PKG=""

# kb_deb_check_args: before anything is built.
kb_deb_check_args() {
	[ "$KB_DEB" -eq 1 ] || {
		[ "$KB_DEB_VERSION" = 1 ] || kb_die "--deb-version needs --deb"
		return 0
	}
	[[ "$KB_DEB_VERSION" =~ ^[0-9]+(\.[0-9]+)*$ ]] ||
		kb_die "--deb-version $KB_DEB_VERSION: give digits and dots (1, 2, 1.1): the version is also part of the module's name, and must order as dpkg orders it"
	[ "$REPLACE" -eq 1 ] ||
		kb_die "--deb with -R/--non-replace: a package's next version takes over from the previous one by atomic replace; a non-replace patch would have to be unloaded first, leaving the kernel unpatched in between"
	kb_need_tool dpkg-deb gzip md5sum du
}

# kb_deb_names: after module_name(): the package name from the patch's name
# (kpatch-foo_bar -> kpatch-patch-foo-bar, as Debian package names have no
# capitals or underscores) and the module's name with the version.
kb_deb_names() {
	local suffix
	[ "$KB_DEB" -eq 1 ] || return 0
	KB_DEB_BASE=$MODNAME
	KB_DEB_PKG=$(printf '%s' "${MODNAME#kpatch-}" | tr 'A-Z_' 'a-z-')
	KB_DEB_PKG=kpatch-patch-$KB_DEB_PKG
	suffix=-v${KB_DEB_VERSION//./_}
	MODNAME=${MODNAME:0:$((48 - ${#suffix}))}$suffix
}

# The Debian package version of the target kernel, from the version string
# after the build number ("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (date)");
# empty for a kernel Debian did not build (the compiler's own "(Debian
# 12.2.0-14)" comes before the '#' and is not looked at).
kb_deb_kernel_version() {
	local banner tail
	banner=$(kb_vmlinux_banner "$VMLINUX")
	[[ "$banner" == *" #"* ]] || return 0
	tail=${banner##* #}
	if [[ " $tail " =~ \ Debian\ ([0-9][^ ]*)\  ]]; then
		printf '%s\n' "${BASH_REMATCH[1]}"
	fi
}

# The Depends line: kpatch (which runs the module and ships kpatch.service)
# and, for a Debian kernel, exactly the image package it was built for
# (signed or unsigned: both are that build). A kernel Debian did not build
# has no package to name; the postinst checks uname -r instead.
kb_deb_depends() {
	local kver
	kver=$(kb_deb_kernel_version)
	printf 'kpatch (>= %s)' "$KB_VERSION"
	if [ -n "$kver" ]; then
		printf ', linux-image-%s (= %s) | linux-image-%s-unsigned (= %s)' \
			"$KB_KREL" "$kver" "$KB_KREL" "$kver"
	fi
	printf '\n'
}

kb_deb_maintainer() {
	local email=${DEBEMAIL:-}
	[ -n "$email" ] || email=$(id -un)@$(hostname -f 2>/dev/null || hostname)
	printf '%s <%s>\n' "${DEBFULLNAME:-kpatch-build}" "$email"
}

# kb_deb_control ROOT DEPENDS
kb_deb_control() {
	local root=$1 depends=$2 size p list=""
	size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
	for p in "${PATCHES[@]}"; do
		list="$list $(basename "$p")"
	done
	cat >"$root/DEBIAN/control" <<EOF
Package: $KB_DEB_PKG
Version: $KB_DEB_VERSION
Architecture: amd64
Maintainer: $(kb_deb_maintainer)
Installed-Size: $size
Depends: $depends
Section: kernel
Priority: optional
Description: live patch $KB_DEB_BASE for Linux $KB_KREL
$(kb_deb_paragraph "The kpatch patch module $MODNAME.ko, built by kpatch-build $KB_VERSION for the kernel $KB_KREL from:$list.")
 .
$(kb_deb_paragraph "Installing it loads the patch when $KB_KREL is running and has kpatch.service load it at every boot of $KB_KREL; a later version of this package replaces it atomically; removing the package unloads it.")
EOF
}

# A paragraph of an extended Description: lines under 80 columns, indented.
kb_deb_paragraph() {
	printf '%s\n' "$1" | fold -s -w 72 | sed -e 's/ *$//' -e 's/^/ /'
}

# The documentation Debian policy asks for, and the patches themselves so
# that an administrator can read what a host runs.
kb_deb_docs() {
	local root=$1 doc i=0 p out when year
	doc=$root/usr/share/doc/$KB_DEB_PKG
	install -d "$doc/patches"
	for p in "${PATCHES[@]}"; do
		i=$((i + 1))
		out=$doc/patches/$(printf '%02d' "$i")-$(basename "$p").gz
		gzip -9n <"$p" >"$out"
	done
	when=$(date -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")
	year=$(date -u +%Y -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")
	cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $KB_DEB_PKG
Comment: A live patch module built by kpatch-build from the Linux kernel
 $KB_KREL and the patches in patches/.

Files: *
Copyright: 1991-$year Linus Torvalds and the other authors of the Linux kernel
           $year the authors of the patches in patches/
License: GPL-2
 This program is free software; you can redistribute it and/or modify it
 under the terms of the GNU General Public License version 2 as published
 by the Free Software Foundation.
 .
 On Debian systems, the complete text of the GNU General Public License
 version 2 can be found in /usr/share/common-licenses/GPL-2.
EOF
	printf '%s (%s) unstable; urgency=medium\n\n  * Live patch %s for Linux %s,\n    built by kpatch-build %s.\n\n -- %s  %s\n' \
		"$KB_DEB_PKG" "$KB_DEB_VERSION" "$MODNAME" "$KB_KREL" "$KB_VERSION" \
		"$(kb_deb_maintainer)" "$when" | gzip -9n >"$doc/changelog.gz"
	chmod 0644 "$doc"/*.gz "$doc"/patches/* "$doc/copyright"
}

# kb_deb_build: after the module is written to OUTDIR.
kb_deb_build() {
	local root=$KB_WORK/deb deb dir
	[ "$KB_DEB" -eq 1 ] || return 0
	kb_step "packaging $MODNAME.ko as $KB_DEB_PKG $KB_DEB_VERSION"
	rm -rf "$root"
	dir=$root/var/lib/kpatch/$KB_KREL
	(
		umask 022
		install -d "$root/DEBIAN" "$dir"
		install -m 0644 "$OUTDIR/$MODNAME.ko" "$dir/"
		kb_deb_docs "$root"
		kb_deb_control "$root" "$(kb_deb_depends)"
		kb_deb_postinst >"$root/DEBIAN/postinst"
		kb_deb_prerm >"$root/DEBIAN/prerm"
		chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"
		(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' |
			sort -z | xargs -0r md5sum) >"$root/DEBIAN/md5sums"
		chmod 0644 "$root/DEBIAN/md5sums"
	) || kb_die "staging the package in $root failed"
	deb=$OUTDIR/${KB_DEB_PKG}_${KB_DEB_VERSION}_amd64.deb
	kb_run dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" ||
		kb_die "dpkg-deb could not build $deb"
	if [ -z "$(kb_deb_kernel_version)" ]; then
		kb_say "note: $KB_KREL is not a kernel Debian built, so the package depends on no kernel package; its postinst loads the patch only when uname -r is $KB_KREL"
	fi
	kb_say "wrote $deb"
}
