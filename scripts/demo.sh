#!/bin/bash
# make demo: the whole chain on a real kernel. Build a live patch from
# examples/cmdline-string.patch with kpatch-build, boot the kernel under QEMU
# (2 vCPUs), show /proc/cmdline, load the patch with `kpatch load`, show the
# change, list it, unload it, show the original again and the core's
# timeline.
#
# The kernel is the test kernel: built first, then kpatch-build's copy of
# it (two builds the first time, since the kernel booted is built as a
# distribution builds it, and kpatch-build's tree with -ffunction-sections
# -fdata-sections). KPATCH_DEMO_KERNEL=debian targets Debian's current 6.1
# cloud kernel as shipped instead (its vmlinuz, headers and -dbg vmlinux
# from the archive), so the only kernel built is kpatch-build's own tree of
# that kernel's source and config.
set -euo pipefail

export KP_STEP=demo
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$root/scripts/lib.sh"

patch=${KPATCH_DEMO_PATCH:-$root/examples/cmdline-string.patch}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n==> %s\n' "$*"; }

build_tools() {
	local kdir=$1 d
	for d in kpatch-build kpatch; do
		make -C "$root/$d" >"$work/make-$d.log" 2>&1 ||
			kp_die "building $d failed" "$work/make-$d.log"
	done
	make -C "$root/kmod" KDIR="$kdir" >"$work/make-kmod.log" 2>&1 ||
		kp_die "building the core module failed" "$work/make-kmod.log"
}

guest_script() {
	cat <<'GUEST'
name=$(ls kpatch-*.ko | head -n 1)
mod=$(basename "$name" .ko | tr - _)
echo "guest: $(uname -r), $(nproc) CPUs"
echo "/proc/cmdline before: $(cat /proc/cmdline)"
./kpatch load "./$name"
echo "/proc/cmdline patched: $(cat /proc/cmdline)"
./kpatch list
./kpatch info "$mod"
./kpatch unload "$mod"
echo "/proc/cmdline after unload: $(cat /proc/cmdline)"
./kpatch log
GUEST
}

# The test kernel: kpatch-build on its tree; the guest boots its bzImage.
prepare_test() {
	local kdir
	step "test kernel (cached under $(kp_cache_dir))"
	kdir=$("$root/test/kernel/build-kernel.sh")
	echo "$kdir"
	KDIR=$kdir
	KB_TARGET=(-s "$kdir")
	GUEST_KERNEL=(--kernel "$kdir/arch/x86/boot/bzImage")
}

# Debian's cloud kernel: its headers (installed by make deps) build
# kpatch.ko, its config and -dbg vmlinux are kpatch-build's target, and
# kpatch-build fetches the linux-source of exactly the image's version.
prepare_debian() {
	local abi vmlinux
	abi=$("$root/scripts/debian-abi.sh")
	KDIR=/usr/src/linux-headers-$abi-cloud-amd64
	[ -f "$KDIR/.config" ] ||
		kp_die "$KDIR not found (make deps installs it: apt-get install linux-headers-$abi-cloud-amd64)"
	step "Debian's cloud kernel $abi-cloud-amd64: its vmlinuz and -dbg vmlinux (cached under $(kp_cache_dir))"
	"$root/test/qemu/debian-kernel.sh" >/dev/null
	vmlinux=$("$root/scripts/debian-vmlinux.sh")
	echo "$vmlinux"
	KB_TARGET=(-c "$KDIR/.config" -v "$vmlinux")
	GUEST_KERNEL=(--debian)
}

main() {
	KDIR="" KB_TARGET=() GUEST_KERNEL=()
	case ${KPATCH_DEMO_KERNEL:-test} in
	debian) prepare_debian ;;
	test) prepare_test ;;
	*) kp_die "KPATCH_DEMO_KERNEL=${KPATCH_DEMO_KERNEL} (want debian or test)" ;;
	esac

	step "building the tools and the core module"
	build_tools "$KDIR"

	step "kpatch-build $(basename "$patch") (the first run builds its kernel tree)"
	sed 's/^/    /' "$patch"
	"$root/kpatch-build/kpatch-build" "${KB_TARGET[@]}" -o "$work/payload" "$patch"

	step "booting the kernel under QEMU; loading, checking, unloading the patch"
	cp "$root/kpatch/kpatch" "$root/kmod/core/kpatch.ko" "$work/payload/"
	guest_script >"$work/payload/demo.sh"
	"$root/test/qemu/run-guest.sh" "${GUEST_KERNEL[@]}" --log "$work/console.log" \
		"$work/payload" demo.sh
	step "done"
}

main "$@"
