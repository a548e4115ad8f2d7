#!/bin/bash
# Boot a kernel under QEMU (TCG, 2 vCPUs) with a busybox initramfs carrying a
# payload directory, run one script from it, and report that script's status.
#
#   run-guest.sh [--debian [SERIES]|--kernel BZIMAGE] [--timeout SECS] [--log FILE]
#                [--smp N] [--mem MB] [--append CMDLINE]
#                PAYLOAD_DIR SCRIPT [ARGS...]
#
# stdout: what the script printed (with kernel messages of level warn or
# higher interleaved). Exit status: the script's; 124 when the guest timed
# out or never finished the script; 125 when the kernel log shows an Oops,
# BUG, WARNING, panic, lockdep/KASAN/UBSAN report, lockup or hung task (those
# lines go to stderr); 126 on a setup error. The whole console log, with a
# dmesg dump, is kept in --log FILE (default: a temporary file, named on
# failure). KP_QEMU_MONITOR=SOCKET opens QEMU's monitor on that unix
# socket (to look at a hung guest: info registers -a).
set -euo pipefail

export KP_STEP=guest
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"

# Kernel reports that fail a run even when the script passed.
BAD_KERNEL_LOG='Oops|BUG:|WARNING:|Kernel panic|kernel BUG at|general protection fault|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|blocked for more than|soft lockup|hard LOCKUP|detected stalls|Unable to handle kernel'

kernel="" timeout=180 log="" smp=2 mem=1024 append=""
workdir=

usage() {
	sed -n '2,16s/^# \{0,1\}//p' "$0" >&2
	exit 126
}

setup_die() {
	printf '[guest] error: %s\n' "$*" >&2
	exit 126
}

parse_args() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--debian)
			# An optional series (6.1, 6.12) after it; default DEBIAN_SERIES or 6.1.
			local series=${DEBIAN_SERIES:-6.1}
			if [[ "${2:-}" =~ ^[0-9]+\.[0-9]+$ ]]; then
				series=$2
				shift
			fi
			kernel=$("$here/debian-kernel.sh" "$series") || exit 126
			;;
		--kernel) kernel=$2; shift ;;
		--timeout) timeout=$2; shift ;;
		--log) log=$2; shift ;;
		--smp) smp=$2; shift ;;
		--mem) mem=$2; shift ;;
		--append) append=$2; shift ;;
		-h | --help) usage ;;
		--) shift; break ;;
		-*) setup_die "unknown option $1" ;;
		*) break ;;
		esac
		shift
	done
	[ $# -ge 2 ] || usage
	payload=$1 script=$2
	shift 2
	args=("$@")
	[ -d "$payload" ] || setup_die "payload directory $payload not found"
	[ -f "$payload/$script" ] || setup_die "script $script not found in $payload"
	if [ -z "$kernel" ]; then
		kernel=$("$here/../kernel/build-kernel.sh")/arch/x86/boot/bzImage || exit 126
	fi
	[ -f "$kernel" ] || setup_die "kernel image $kernel not found"
}

make_initramfs() {
	local root=$workdir/root busybox
	busybox=$(command -v busybox) || setup_die "busybox-static is not installed"
	file -L "$busybox" 2>/dev/null | grep 'statically linked' >/dev/null ||
		[ -x /bin/busybox ] || setup_die "busybox is not static"
	mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,payload}
	cp "$busybox" "$root/bin/busybox"
	cp "$here/guest-init" "$root/init"
	cp -a "$payload/." "$root/payload/"
	printf '%s\n' "$script" >"$root/kp-script"
	if [ ${#args[@]} -gt 0 ]; then
		printf '%s\n' "${args[@]}" >"$root/kp-args"
	else
		: >"$root/kp-args"
	fi
	(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) \
		>"$workdir/initramfs.gz" || setup_die "building the initramfs failed"
}

boot() {
	local cmdline="console=ttyS0 loglevel=5 panic=-1 rdinit=/init $append"
	local monitor=none
	[ -z "${KP_QEMU_MONITOR:-}" ] || monitor=unix:$KP_QEMU_MONITOR,server,nowait
	timeout --kill-after=5 "$timeout" \
		qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "$mem" \
		-nographic -monitor "$monitor" \
		-serial stdio -no-reboot \
		-kernel "$kernel" -initrd "$workdir/initramfs.gz" \
		-append "$cmdline" </dev/null >"$log" 2>&1
}

# The script's output: the lines between the begin and end markers.
script_output() {
	tr -d '\r' <"$log" | sed -n '/^@@KP-BEGIN@@$/,/^@@KP-END rc=[0-9]*@@$/p' |
		sed '1d;$d'
}

script_status() {
	tr -d '\r' <"$log" | sed -n 's/^@@KP-END rc=\([0-9]*\)@@$/\1/p' | tail -n 1
}

main() {
	parse_args "$@"
	workdir=$(mktemp -d)
	trap 'rm -rf "$workdir"' EXIT
	[ -n "$log" ] || log=$(mktemp --suffix=.console.log)
	make_initramfs

	local qemu_rc=0 rc bad
	boot || qemu_rc=$?
	script_output
	rc=$(script_status)
	bad=$(tr -d '\r' <"$log" | grep -E "$BAD_KERNEL_LOG" || true)
	if [ -n "$bad" ]; then
		printf '[guest] kernel reported a problem (console log: %s):\n%s\n' "$log" "$bad" >&2
		return 125
	fi
	if [ -z "$rc" ]; then
		printf '[guest] the guest did not finish the script (qemu status %s, timeout %ss); console log: %s\n' \
			"$qemu_rc" "$timeout" "$log" >&2
		tail -n 20 "$log" >&2
		return 124
	fi
	[ "$rc" -eq 0 ] || printf '[guest] %s exited %s; console log: %s\n' "$script" "$rc" "$log" >&2
	return "$rc"
}

main "$@"
