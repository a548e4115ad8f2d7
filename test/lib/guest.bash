# shellcheck shell=bash
# bats helpers for tests that boot a guest. `load ../lib/guest` gives:
#   KP_ROOT, KP_KDIR           the repository and the test-kernel tree
#   kp_guest PAYLOAD SCRIPT [runner options...]
#                              boot, run SCRIPT; sets $status and $output
#   kp_build_module DIR [KDIR] build an out-of-tree module (default: KP_KDIR)

KP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export KP_ROOT
KP_KDIR=${KP_KDIR:-$("$KP_ROOT/test/kernel/build-kernel.sh")}
export KP_KDIR
KP_DEBIAN_ABI=${KP_DEBIAN_ABI:-$("$KP_ROOT/scripts/debian-abi.sh")}
export KP_DEBIAN_ABI
KP_DEBIAN_KDIR=${KP_DEBIAN_KDIR:-/usr/src/linux-headers-$KP_DEBIAN_ABI-cloud-amd64}
export KP_DEBIAN_KDIR

# Options before PAYLOAD go to the runner: kp_guest [--debian] [--timeout S] DIR SCRIPT [ARGS]
kp_guest() {
	local log
	log=${BATS_TEST_TMPDIR:-/tmp}/console.log
	run "$KP_ROOT/test/qemu/run-guest.sh" --log "$log" "$@"
	# shellcheck disable=SC2154 # set by bats run
	if [ "$status" -ne 0 ]; then
		echo "# guest exited $status; console log: $log" >&2
	fi
}

kp_build_module() {
	local dir=$1 kdir=${2:-$KP_KDIR} log
	log=$dir/build.log
	if ! make -C "$kdir" M="$dir" modules >"$log" 2>&1; then
		echo "module build in $dir failed:" >&2
		tail -n 30 "$log" >&2
		return 1
	fi
}
