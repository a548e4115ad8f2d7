#!/bin/bash
# make demo: show the chain working end to end on the test kernel.
# Today: build the test kernel (cached), build a module against it, boot the
# kernel under QEMU with 2 vCPUs, load and unload the module, show the log.
set -euo pipefail

export KP_STEP=demo
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$root/scripts/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n==> %s\n' "$*"; }

main() {
	local kdir
	step "test kernel (cached under $(kp_cache_dir))"
	kdir=$("$root/test/kernel/build-kernel.sh")
	echo "$kdir"

	step "building a module against it"
	cp "$root"/test/smoke/* "$work/"
	make -C "$kdir" M="$work" modules >"$work/build.log" 2>&1 ||
		kp_die "module build failed" "$work/build.log"
	mkdir -p "$work/payload"
	cp "$work/kpatch_smoke.ko" "$work/payload/"
	cat >"$work/payload/demo.sh" <<'GUEST'
echo "guest: $(uname -r), $(nproc) CPUs"
insmod ./kpatch_smoke.ko && dmesg | grep kpatch-smoke
rmmod kpatch_smoke && dmesg | grep 'kpatch-smoke: goodbye'
GUEST

	step "booting it under QEMU (TCG, 2 vCPUs), loading and unloading the module"
	"$root/test/qemu/run-guest.sh" --log "$work/console.log" "$work/payload" demo.sh
	step "done"
}

main "$@"
