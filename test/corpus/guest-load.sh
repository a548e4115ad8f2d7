#!/bin/sh
# Guest side of the corpus: for each case named, load kpatch-NAME.ko with
# kpatch.ko, check that the patch is enabled, disable it and unload it.
# One line per case for the host: "@@corpus NAME loaded" or
# "@@corpus NAME failed: WHY", then the core's log lines about it.
# The runner fails the whole boot on any Oops or WARNING; the host then
# tries the batch's cases one by one to find which one it was.

# fail NAME WHY: report, with what the kernel and the core said since the
# case started.
fail() {
	echo "@@corpus $1 failed: $2"
	dmesg | tail -n +"$((mark + 1))" | grep -i kpatch | tail -n 3 |
		sed "s/^/@@corpus-log $1 /"
	grep -E ' (refuse|fail) ' /sys/kernel/kpatch/timeline 2>/dev/null | tail -n 1 |
		sed "s/^/@@corpus-log $1 timeline: /"
}

one_case() {
	name=$1
	mod=$(echo "kpatch-$name" | tr - _)
	sys=/sys/kernel/kpatch/$mod
	mark=$(dmesg | wc -l)
	if ! out=$(insmod "./kpatch-$name.ko" 2>&1); then
		fail "$name" "insmod: $out"
		return 1
	fi
	enabled=$(cat "$sys/enabled" 2>&1)
	if [ "$enabled" != 1 ]; then
		fail "$name" "loaded but $sys/enabled is '$enabled'"
		rmmod "$mod" 2>/dev/null
		return 1
	fi
	if ! out=$( (echo 0 >"$sys/enabled") 2>&1); then
		fail "$name" "disabling failed: $out"
		return 1
	fi
	if ! out=$(rmmod "$mod" 2>&1); then
		fail "$name" "rmmod: $out"
		return 1
	fi
	echo "@@corpus $name loaded"
}

insmod ./kpatch.ko || { echo "@@corpus-core insmod kpatch.ko failed"; exit 2; }
rc=0
for c in "$@"; do
	one_case "$c" || rc=1
done
exit "$rc"
