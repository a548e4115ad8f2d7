#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kpatch-build against Debian's shipped cloud kernel, the way a Debian user
# runs it: the source is linux-source-6.1 (no -s), the config and kbuild tree
# are linux-headers-ABI-cloud-amd64's, the symbols come from Debian's -dbg
# vmlinux. Each patch module is then loaded with the core module in a guest
# booted with Debian's own vmlinuz and checked before, while and after it
# is applied; the cases that must be refused are checked for their message. Opt-in (`make check-debian`): the first run
# builds Debian's kernel objects, which takes most of an hour on 2 cores.
#
#   check.sh [CASE...]       cases from test/integration (default below)
#   DEBIAN_KERNEL_ABI=6.1.0-56   the kernel ABI (must match linux-source-6.1)
set -euo pipefail

export KP_STEP=check-debian
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../scripts/lib.sh
. "$root/scripts/lib.sh"

abi=${DEBIAN_KERNEL_ABI:-6.1.0-56}
krel=$abi-cloud-amd64
headers=/usr/src/linux-headers-$krel
dbgdir=$(kp_cache_dir)/debian-kernel/$abi/dbg
vmlinux=$dbgdir/vmlinux-$krel
# Every single-patch case of test/integration that does not need the test
# kernel's own modules. Not isra-clone: its check looks for the clone the
# test kernel's -Os build makes, which Debian's -O2 build does not.
DEFAULT_CASES=(proc-string new-function new-global static-local syscall
	gcc-clone jump-label alternatives shadow-var hooks
	line-numbers refuse-init refuse-data refuse-percpu refuse-notrace
	refuse-jump-label)

# Debian's vmlinux with symbols ships in the (large) -dbg package; only
# that one file is kept.
fetch_vmlinux() {
	local pkg=linux-image-$krel-dbg log=$dbgdir/fetch.log
	[ -f "$vmlinux" ] && return 0
	mkdir -p "$dbgdir"
	kp_log "fetching $pkg for its vmlinux"
	(cd "$dbgdir" && apt-get download "$pkg") >"$log" 2>&1 || kp_die "apt-get download $pkg failed" "$log"
	dpkg-deb --fsys-tarfile "$dbgdir/${pkg}"_*.deb |
		tar -x -O "./usr/lib/debug/boot/vmlinux-$krel" >"$vmlinux.tmp" ||
		kp_die "extracting vmlinux-$krel from $pkg failed"
	mv "$vmlinux.tmp" "$vmlinux"
	rm -f "$dbgdir/${pkg}"_*.deb
}

# The core module, built against Debian's headers in a scratch copy.
build_core() {
	local dir=$1
	mkdir -p "$dir"
	cp "$root"/kmod/core/* "$dir/"
	make -C "$headers" M="$dir" modules >"$dir/build.log" 2>&1 ||
		kp_die "building kpatch.ko against $headers failed" "$dir/build.log"
}

# build_case CASE WORK: kpatch-build as a Debian user runs it; its output
# is kept in WORK/build-CASE.log.
build_case() {
	local case=$1 work=$2
	KPATCH_KBUILD_DIR=$headers "$root/kpatch-build/kpatch-build" \
		-c "$headers/.config" -v "$vmlinux" -n "$case" -o "$work/out" \
		"$root/test/integration/$case/patch" >"$work/build-$case.log" 2>&1
}

# run_case CASE WORK: build; a case with `refused` must fail with that
# message, any other is loaded and checked in the guest (as integration.bats).
run_case() {
	local case=$1 work=$2 dir=$root/test/integration/$1 payload=$2/payload-$1
	local guest_opts=() script=guest-case.sh
	[ -f "$dir/patch" ] || kp_die "test/integration/$case has no single patch"
	[ ! -f "$dir/modules" ] || kp_die "$case needs test-kernel modules; not a Debian case"
	kp_log "kpatch-build $case for $krel"
	if [ -f "$dir/refused" ]; then
		! build_case "$case" "$work" || kp_die "$case was built, but must be refused"
		grep -qF "$(cat "$dir/refused")" "$work/build-$case.log" ||
			kp_die "$case was refused without '$(cat "$dir/refused")'" "$work/build-$case.log"
		printf 'case %s: kpatch-build stopped with the expected message\n' "$case"
		return
	fi
	build_case "$case" "$work" || kp_die "kpatch-build failed for $case" "$work/build-$case.log"
	mkdir -p "$payload"
	cp "$work/core/kpatch.ko" "$work/out/kpatch-$case.ko" "$dir"/*.sh "$payload/"
	[ -f "$dir/guest.sh" ] && script=guest.sh
	[ "$script" = guest.sh ] || cp "$root/test/integration/guest-case.sh" "$payload/"
	[ -f "$dir/append" ] && guest_opts=(--append "$(cat "$dir/append")")
	"$root/test/qemu/run-guest.sh" --debian "${guest_opts[@]}" --log "$work/console-$case.log" \
		"$payload" "$script" "$case" || kp_die "guest check failed for $case" "$work/console-$case.log"
}

main() {
	local work case cases=("$@")
	[ ${#cases[@]} -gt 0 ] || cases=("${DEFAULT_CASES[@]}")
	[ -f "$headers/.config" ] || kp_die "$headers not found (apt-get install linux-headers-$krel)"
	[ -f /usr/src/linux-source-6.1.tar.xz ] || kp_die "linux-source-6.1 is not installed"
	fetch_vmlinux
	work=$(mktemp -d "${TMPDIR:-/tmp}/check-debian.XXXXXX")
	build_core "$work/core"
	for case in "${cases[@]}"; do
		run_case "$case" "$work"
	done
	rm -rf "$work"
	kp_log "all ${#cases[@]} case(s) passed on Debian's $krel"
}

main "$@"
