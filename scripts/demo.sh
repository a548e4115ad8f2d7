#!/bin/bash
# make demo: the whole chain on the test kernel. Build a live patch from
# examples/cmdline-string.patch with kpatch-build, boot the test kernel under
# QEMU (2 vCPUs), show /proc/cmdline, load the patch with `kpatch load`, show
# the change, list it, unload it, show the original again and the core's
# timeline.
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

main() {
	local kdir
	step "test kernel (cached under $(kp_cache_dir))"
	kdir=$("$root/test/kernel/build-kernel.sh")
	echo "$kdir"

	step "building the tools and the core module"
	build_tools "$kdir"

	step "kpatch-build $(basename "$patch")"
	sed 's/^/    /' "$patch"
	"$root/kpatch-build/kpatch-build" -s "$kdir" -o "$work/payload" "$patch"

	step "booting the test kernel under QEMU; loading, checking, unloading the patch"
	cp "$root/kpatch/kpatch" "$root/kmod/core/kpatch.ko" "$work/payload/"
	guest_script >"$work/payload/demo.sh"
	"$root/test/qemu/run-guest.sh" --log "$work/console.log" "$work/payload" demo.sh
	step "done"
}

main "$@"
