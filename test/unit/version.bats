#!/usr/bin/env bats
# One version for everything: the top-level VERSION file is what the kpatch
# command, kpatch-build, kpatch.ko's MODULE_VERSION (built from the DKMS
# sources a package ships), the .deb and DKMS all report.

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	VERSION=$(cat "$KP_ROOT/VERSION")
}

@test "version: VERSION is one version string" {
	[ "$(wc -l <"$KP_ROOT/VERSION")" -eq 1 ]
	[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+([~+.][0-9A-Za-z.~+]*)?$ ]]
}

@test "version: kpatch and kpatch-build print it, in the tree and installed" {
	make -s -C "$KP_ROOT/kpatch" >/dev/null
	[ "$("$KP_ROOT/kpatch/kpatch" --version)" = "$VERSION" ]
	[ "$("$KP_ROOT/kpatch-build/kpatch-build" --version)" = "kpatch-build $VERSION" ]
	stage=$BATS_TEST_TMPDIR/stage
	make -s -C "$KP_ROOT/kpatch-build" >/dev/null
	make -s -C "$KP_ROOT/kpatch-build" install DESTDIR="$stage" PREFIX=/usr >/dev/null
	# The installed driver finds its data relative to itself.
	[ "$("$stage/usr/bin/kpatch-build" --version)" = "kpatch-build $VERSION" ]
}

@test "version: kpatch.ko built from the DKMS sources carries it, as does dkms.conf" {
	tree=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	[ -f "$tree/Module.symvers" ] || skip "test kernel not built"
	stage=$BATS_TEST_TMPDIR/stage
	make -s -C "$KP_ROOT/kmod" install-dkms DESTDIR="$stage" >/dev/null
	src=$stage/usr/src/kpatch-$VERSION
	grep -qx "PACKAGE_VERSION=\"$VERSION\"" "$src/dkms.conf"
	make -s -C "$tree" M="$src/core" modules >"$BATS_TEST_TMPDIR/build.log" 2>&1 ||
		{ cat "$BATS_TEST_TMPDIR/build.log"; false; }
	[ "$(modinfo -F version "$src/core/kpatch.ko")" = "$VERSION" ]
}
