# shellcheck shell=bash disable=SC2154
# bats helpers for the integration suite: build a case's patch with
# kpatch-build, then check it in a booted guest.
# A case is a directory test/integration/NAME with `patch` and either
# `check.sh` (run by guest-case.sh before/loaded/unloaded) or `guest.sh`,
# optional `options` (extra kpatch-build arguments), `modules` (test-kernel
# modules the guest needs, paths relative to the tree), `oot-src` (an
# out-of-tree module: built against the target first, patched with
# --oot-module and given to the guest), `append` (extra kernel command line
# for the guest) and, for cases that must be refused, `refused` (text
# kpatch-build's output must contain).
#
# The target is the test kernel, or with KP_TARGET=debian Debian's cloud
# kernel as shipped: test/debian/check.sh sets KP_KDIR to its headers and
# KP_DEBIAN_VMLINUX to Debian's -dbg vmlinux; kpatch-build then runs as a
# Debian user would, without -s, and the guest boots Debian's own vmlinuz.

load ../lib/guest

if [ "${KP_TARGET:-test}" = debian ]; then
	export KPATCH_KBUILD_DIR=$KP_KDIR
	KP_KB_TARGET=(-c "$KP_KDIR/.config" -v "${KP_DEBIAN_VMLINUX:?set by test/debian/check.sh}")
	KP_GUEST_KERNEL=(--debian)
else
	KP_KB_TARGET=(-s "$KP_KDIR")
	KP_GUEST_KERNEL=()
fi

# kp_core_module: kpatch.ko built against KP_KDIR (once per file, in a copy,
# so the checkout's kmod/core keeps whatever it was built for).
kp_core_module() {
	local dir=$BATS_FILE_TMPDIR/core
	if [ ! -f "$dir/kpatch.ko" ]; then
		mkdir -p "$dir"
		cp "$KP_ROOT"/kmod/core/Kbuild "$KP_ROOT"/kmod/core/*.[ch] "$dir/"
		rm -f "$dir"/*.mod.c
		make -C "$KP_KDIR" M="$dir" modules >"$dir/build.log" 2>&1 || {
			tail -n 30 "$dir/build.log" >&2
			return 1
		}
	fi
	printf '%s\n' "$dir/kpatch.ko"
}

# kp_oot_module DIR: the case's out-of-tree module, built against KP_KDIR
# in a copy (BATS_TEST_TMPDIR/oot); prints the .ko.
kp_oot_module() {
	local src=$1 dir=$BATS_TEST_TMPDIR/oot
	mkdir -p "$dir"
	cp -r "$src/." "$dir/"
	make -C "$KP_KDIR" M="$dir" modules >"$dir/build.log" 2>&1 || {
		tail -n 30 "$dir/build.log" >&2
		return 1
	}
	find "$dir" -maxdepth 1 -name '*.ko' | head -n 1
}

# kp_kpatch_build CASE: sets $status/$output of kpatch-build for the case.
kp_kpatch_build() {
	local case=$1 dir=$KP_ROOT/test/integration/$1 opts=() ko target=("${KP_KB_TARGET[@]}")
	[ -f "$dir/options" ] && read -r -a opts <"$dir/options"
	if [ -d "$dir/oot-src" ]; then
		ko=$(kp_oot_module "$dir/oot-src")
		opts+=(--oot-module "$ko" --oot-module-src "$dir/oot-src")
		[ "${KP_TARGET:-test}" = debian ] || target=(-s "$KP_KDIR")
	fi
	cp "$dir/patch" "$BATS_TEST_TMPDIR/$case.patch"
	mkdir -p "$BATS_TEST_TMPDIR/out"
	run "$KP_ROOT/kpatch-build/kpatch-build" "${target[@]}" -o "$BATS_TEST_TMPDIR/out" \
		"${opts[@]}" "$BATS_TEST_TMPDIR/$case.patch"
}

# kp_integration_case CASE: build, then load/check/unload in a guest.
kp_integration_case() {
	local case=$1 dir=$KP_ROOT/test/integration/$1 payload=$BATS_TEST_TMPDIR/payload core
	local guest_opts=("${KP_GUEST_KERNEL[@]}")
	[ -f "$dir/append" ] && guest_opts+=(--append "$(cat "$dir/append")")
	kp_kpatch_build "$case"
	echo "$output"
	if [ -f "$dir/refused" ]; then
		[ "$status" -ne 0 ]
		[[ "$output" == *"$(cat "$dir/refused")"* ]]
		return
	fi
	[ "$status" -eq 0 ]
	core=$(kp_core_module)
	mkdir -p "$payload"
	cp "$core" "$BATS_TEST_TMPDIR/out/kpatch-$case.ko" "$payload/"
	if [ -f "$dir/modules" ]; then
		while read -r ko; do cp "$KP_KDIR/$ko" "$payload/"; done <"$dir/modules"
	fi
	[ ! -d "$dir/oot-src" ] || cp "$BATS_TEST_TMPDIR"/oot/*.ko "$payload/"
	if [ -f "$dir/guest.sh" ]; then
		cp "$dir"/*.sh "$payload/"
		kp_guest "${guest_opts[@]}" "$payload" guest.sh "$case"
	else
		cp "$dir/check.sh" "$KP_ROOT/test/integration/guest-case.sh" "$payload/"
		kp_guest "${guest_opts[@]}" "$payload" guest-case.sh "$case"
	fi
	echo "$output"
	[ "$status" -eq 0 ]
}
