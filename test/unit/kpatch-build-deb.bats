#!/usr/bin/env bats
# kpatch-build --deb on the host (lib/deb.sh, lib/deb-scripts.sh): the
# option checks that run before any build, the package and module names,
# the kernel dependency read from a real Debian kernel's version string,
# and the maintainer scripts' shell. The package built from a real patch
# and installed with apt is test/guest/package-fleet.bats; loaded at boot,
# test/guest/boot-deb.bats.

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	KB=$KP_ROOT/kpatch-build/kpatch-build
	PATCH=$KP_ROOT/examples/cmdline-string.patch
	W=$BATS_TEST_TMPDIR
	KB_LOG=$W/log KB_VERSION=$(cat "$KP_ROOT/VERSION")
	# shellcheck source=../../kpatch-build/lib/common.sh
	. "$KP_ROOT/kpatch-build/lib/common.sh"
	# shellcheck source=../../kpatch-build/lib/check.sh
	. "$KP_ROOT/kpatch-build/lib/check.sh"
	# shellcheck source=../../kpatch-build/lib/deb.sh
	. "$KP_ROOT/kpatch-build/lib/deb.sh"
	# shellcheck source=../../kpatch-build/lib/deb-scripts.sh
	. "$KP_ROOT/kpatch-build/lib/deb-scripts.sh"
}

@test "deb: a bad --deb-version, --deb with -R, and --deb-version alone are refused before building" {
	run "$KB" --deb --deb-version 1:2~rc1 "$PATCH"
	[ "$status" -eq 1 ]
	[[ "$output" == "kpatch-build: error: --deb-version 1:2~rc1: give digits and dots (1, 2, 1.1):"* ]]
	run "$KB" --deb -R "$PATCH"
	[ "$status" -eq 1 ]
	[[ "$output" == "kpatch-build: error: --deb with -R/--non-replace: "*"atomic replace"* ]]
	run "$KB" --deb-version 2 "$PATCH"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch-build: error: --deb-version needs --deb" ]
}

@test "deb: the package is named after the patch, the module carries the version" {
	KB_DEB=1 KB_DEB_VERSION=1.2 MODNAME=kpatch-Fix_cmdline
	kb_deb_names
	[ "$KB_DEB_PKG" = kpatch-patch-fix-cmdline ]
	[ "$MODNAME" = kpatch-Fix_cmdline-v1_2 ]
	[ "$KB_DEB_BASE" = kpatch-Fix_cmdline ]
	# A 48-character name still fits the limit with its version.
	KB_DEB_VERSION=10 MODNAME=kpatch-$(printf 'a%.0s' {1..41})
	kb_deb_names
	[ "${#MODNAME}" -eq 48 ]
	[[ "$MODNAME" == *-v10 ]]
	# Without --deb nothing changes.
	KB_DEB=0 MODNAME=kpatch-x
	kb_deb_names
	[ "$MODNAME" = kpatch-x ]
}

# The banner Debian's kernel carries, from its installed headers.
debian_banner() {
	local h=$1/include/generated
	printf 'Linux version %s (%s@%s) (%s) %s\n' \
		"$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$h/utsrelease.h")" \
		"$(sed -n 's/^#define LINUX_COMPILE_BY[[:space:]]*"\(.*\)"$/\1/p' "$h/compile.h")" \
		"$(sed -n 's/^#define LINUX_COMPILE_HOST[[:space:]]*"\(.*\)"$/\1/p' "$h/compile.h")" \
		"$(sed -n 's/^#define LINUX_COMPILER[[:space:]]*"\(.*\)"$/\1/p' "$h/compile.h")" \
		"$(sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p' "$h"/utsversion.h "$h"/compile.h | head -n 1)"
}

@test "deb: a Debian kernel's package depends on exactly the image package the archive has for it" {
	abi=$("$KP_ROOT/scripts/debian-abi.sh")
	hdr=/usr/src/linux-headers-$abi-cloud-amd64
	[ -f "$hdr/include/generated/compile.h" ] || skip "linux-headers-$abi-cloud-amd64 is not installed"
	VMLINUX=$W/banner
	debian_banner "$hdr" >"$VMLINUX"
	KB_KREL=$(kb_vmlinux_release "$VMLINUX")
	[ "$KB_KREL" = "$abi-cloud-amd64" ]
	want=$(apt-cache show --no-all-versions "linux-image-$KB_KREL" | sed -n 's/^Version: //p')
	[ -n "$want" ]
	# The compiler's "(Debian 12.2.0-...)" is not taken for the kernel's.
	[ "$(kb_deb_kernel_version)" = "$want" ]
	[ "$(kb_deb_depends)" = "kpatch (>= $KB_VERSION), linux-image-$KB_KREL (= $want) | linux-image-$KB_KREL-unsigned (= $want)" ]
}

@test "deb: a kernel Debian did not build (the test kernel) gets no kernel dependency" {
	tree=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	[ -f "$tree/vmlinux" ] || skip "test kernel not built yet"
	VMLINUX=$tree/vmlinux KB_KREL=$(kb_vmlinux_release "$tree/vmlinux")
	[[ "$(kb_vmlinux_banner "$VMLINUX")" == *"(Debian "* ]]
	[ -z "$(kb_deb_kernel_version)" ]
	[ "$(kb_deb_depends)" = "kpatch (>= $KB_VERSION)" ]
}

@test "deb: the maintainer scripts are POSIX sh, shellcheck-clean, and do nothing but on configure / remove" {
	KB_DEB_PKG=kpatch-patch-x KB_KREL=6.1.0-0-none MODNAME=kpatch-x-v1 KB_DEB_BASE=kpatch-x
	kb_deb_postinst >"$W/postinst"
	kb_deb_prerm >"$W/prerm"
	shellcheck -s sh "$W/postinst" "$W/prerm"
	for a in abort-upgrade abort-remove; do
		run sh "$W/postinst" "$a"
		[ "$status" -eq 0 ] && [ -z "$output" ]
	done
	for a in upgrade deconfigure failed-upgrade; do
		run sh "$W/prerm" "$a" 2
		[ "$status" -eq 0 ] && [ -z "$output" ]
	done
}
