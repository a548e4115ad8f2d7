# shellcheck shell=bash
# bats helpers for tests that boot a guest. `load ../lib/guest` gives:
#   KP_ROOT, KP_KDIR           the repository and the test-kernel tree
#   KP_KERNEL=debug            (set by the caller) use the debug variant of
#                              the test kernel (lockdep, KASAN, ...) instead:
#                              KP_KDIR is its tree, guests boot it, and
#                              guest timeouts are 3 times longer (and
#                              it boots with no5lvl, see kp_guest_args)
#   kp_guest [runner options...] PAYLOAD SCRIPT [ARGS]
#                              boot, run SCRIPT; sets $status and $output
#   kp_build_module DIR [KDIR] build an out-of-tree module (default: KP_KDIR)
#   kp_debian_kdir SERIES      Debian's cloud headers for SERIES (6.1, 6.12)
#   kp_sample_kobject KDIR DIR [SERIES]
#                              samples/kobject/kobject-example.ko for KDIR

KP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export KP_ROOT
if [ "${KP_KERNEL:-}" = debug ]; then
	KP_KDIR=${KP_KDIR:-$("$KP_ROOT/test/kernel/build-kernel.sh" --debug)}
else
	KP_KDIR=${KP_KDIR:-$("$KP_ROOT/test/kernel/build-kernel.sh")}
fi
export KP_KDIR
KP_DEBIAN_ABI=${KP_DEBIAN_ABI:-$("$KP_ROOT/scripts/debian-abi.sh")}
export KP_DEBIAN_ABI
KP_DEBIAN_KDIR=${KP_DEBIAN_KDIR:-/usr/src/linux-headers-$KP_DEBIAN_ABI-cloud-amd64}
export KP_DEBIAN_KDIR

# kp_guest_args ARGS...: the runner's arguments, with KP_KDIR's kernel
# unless --debian or --kernel names one, and for the debug kernel tripled
# timeouts and 4-level paging: with LA57 (-cpu max), a timer interrupt
# while identify_boot_cpu() has cleared the CPU's feature bits (before
# alternatives) makes KASAN misjudge a per-CPU address as "wild" (about
# 1 boot in 25, with or without kpatch.ko).
kp_guest_args() {
	local a kernel=1 scale=1 extra=""
	if [ "${KP_KERNEL:-}" = debug ]; then
		scale=3
		extra=no5lvl
	fi
	# A test naming the debug kernel's image with --kernel still needs
	# no5lvl (the LA57 KASAN false report at boot); Debian's does not.
	for a in "$@"; do
		case "$a" in
		--debian) kernel="" extra="" ;;
		--kernel) kernel="" ;;
		esac
	done
	[ -z "$kernel" ] || printf '%s\n' --kernel "$KP_KDIR/arch/x86/boot/bzImage"
	[ "$scale" -eq 1 ] || [[ " $* " == *" --timeout "* ]] ||
		printf '%s\n' --timeout $((180 * scale))
	[ -z "$extra" ] || [[ " $* " == *" --append "* ]] ||
		printf '%s\n' --append "$extra"
	while [ $# -gt 0 ]; do
		if [ "$1" = --timeout ] && [ $# -gt 1 ]; then
			printf '%s\n' --timeout "$(($2 * scale))"
			shift 2
			continue
		fi
		if [ "$1" = --append ] && [ $# -gt 1 ]; then
			printf '%s\n' --append "$2${extra:+ $extra}"
			shift 2
			continue
		fi
		printf '%s\n' "$1"
		shift
	done
}

# Options before PAYLOAD go to the runner: kp_guest [--debian] [--timeout S] DIR SCRIPT [ARGS]
kp_guest() {
	local log args
	log=${BATS_TEST_TMPDIR:-/tmp}/console.log
	mapfile -t args < <(kp_guest_args "$@")
	run "$KP_ROOT/test/qemu/run-guest.sh" --log "$log" "${args[@]}"
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

kp_debian_kdir() {
	echo "/usr/src/linux-headers-$("$KP_ROOT/scripts/debian-abi.sh" --series "$1")-cloud-amd64"
}

# The kernel's samples/kobject/kobject-example.ko built out of tree from
# linux-source-SERIES (default 6.1) for KDIR, in DIR; prints its path.
kp_sample_kobject() {
	local kdir=$1 d=$2 series=${3:-6.1}
	mkdir -p "$d"
	tar -xJf "/usr/src/linux-source-$series.tar.xz" -C "$d" --strip-components=3 \
		"linux-source-$series/samples/kobject/kobject-example.c"
	echo 'obj-m := kobject-example.o' >"$d/Kbuild"
	make -C "$kdir" M="$d" modules >"$d/build.log" 2>&1 || {
		cat "$d/build.log" >&2
		return 1
	}
	echo "$d/kobject-example.ko"
}
