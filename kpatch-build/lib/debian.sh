# shellcheck shell=bash
# kpatch-build: the exact source of a Debian kernel. The vmlinux banner names
# the package version it was built from ("... Debian 6.1.192-3 ..."); the
# linux-source-6.1 of exactly that version is used: the installed one when it
# matches, else that version fetched from the archive into the cache. A
# version the archive does not have is refused, naming both.

# shellcheck disable=SC2034 # used by source.sh's cache key
KB_SRC_TARBALL="" KB_SRC_VERSION=""

kb_debian_installed_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true
}

# Only checks that a source is there at all (the version is checked once the
# vmlinux is known).
kb_debian_installed_tarball() {
	[ -f "$KB_DEBIAN_TARBALL" ] || command -v apt-get >/dev/null
}

# kb_vmlinux_debian_version VMLINUX: the Debian package version in its banner.
kb_vmlinux_debian_version() {
	kb_vmlinux_banner "$1" | sed -n 's/.* Debian \([^ ]*\) .*/\1/p'
}

# Sets KB_SRC_TARBALL and KB_SRC_VERSION for the Debian kernel VMLINUX.
kb_debian_source() {
	local want have cached
	want=$(kb_vmlinux_debian_version "$VMLINUX")
	[ -n "$want" ] || kb_die "$VMLINUX is not a Debian kernel (banner: $(kb_vmlinux_banner "$VMLINUX")); give its source with -s"
	have=$(kb_debian_installed_version)
	KB_SRC_VERSION=$want
	if [ "$have" = "$want" ] && [ -f "$KB_DEBIAN_TARBALL" ]; then
		KB_SRC_TARBALL=$KB_DEBIAN_TARBALL
		kb_say "source: linux-source-6.1 $want (installed), as vmlinux's banner says"
		return 0
	fi
	cached=$KB_CACHE/debian-source/$want/linux-source-6.1.tar.xz
	KB_SRC_TARBALL=$cached
	[ -f "$cached" ] || kb_fetch_debian_source "$want" "${have:-none}"
	kb_say "source: linux-source-6.1 $want (fetched into $cached; installed: ${have:-none}), as vmlinux's banner says"
}

# kb_fetch_debian_source VERSION INSTALLED: linux-source-6.1=VERSION's tarball.
kb_fetch_debian_source() {
	local want=$1 have=$2 dir deb
	dir=$(dirname "$KB_SRC_TARBALL")
	kb_need_tool apt-get dpkg-deb
	kb_step "fetching linux-source-6.1 $want (the installed one is $have)"
	mkdir -p "$dir"
	if ! (cd "$dir" && apt-get download "linux-source-6.1=$want") >>"$KB_LOG" 2>&1; then
		rm -rf "$dir"
		kb_die "source/vmlinux mismatch: $VMLINUX is Debian $want, the installed linux-source-6.1 is $have, and the archive has no linux-source-6.1 $want"
	fi
	deb=$(find "$dir" -maxdepth 1 -name 'linux-source-6.1_*.deb' | head -n 1)
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./usr/src/linux-source-6.1.tar.xz >"$KB_SRC_TARBALL.tmp" ||
		kb_die "extracting the source tarball from $deb failed"
	mv "$KB_SRC_TARBALL.tmp" "$KB_SRC_TARBALL"
	rm -f "$deb"
}

# kb_tarball_sandbox: the files the patches change, from the source tarball
# (a cold cache: the patches are checked before the tree is unpacked).
kb_tarball_sandbox() {
	local tmp top files=()
	tmp=$KB_WORK/dry-run
	rm -rf "$tmp"
	mkdir -p "$tmp"
	top=$(tar -tf "$KB_SRC_TARBALL" 2>/dev/null | head -n 1 | cut -d/ -f1) || true
	mapfile -t files < <(kb_patch_files | sed "s|^|$top/|")
	tar -xf "$KB_SRC_TARBALL" -C "$tmp" --strip-components=1 "${files[@]}" >>"$KB_LOG" 2>&1 || true
	printf '%s\n' "$tmp"
}
