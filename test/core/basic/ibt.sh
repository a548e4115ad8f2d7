#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of core.bats on Debian's 6.12 kernel (IBT, call padding):
# where ftrace's site of cmdline_proc_show lies from its symbol (after the
# ENDBR), then the basic test (guest.sh), then which kernel functions
# kpatch.ko calls through pointers whose ENDBR objtool sealed.
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
sym=$(grep ' cmdline_proc_show$' /proc/kallsyms | cut -d' ' -f1)
pfx=$(grep ' __pfx_cmdline_proc_show$' /proc/kallsyms | cut -d' ' -f1)
site=$(grep ' cmdline_proc_show$' /sys/kernel/tracing/available_filter_functions_addrs |
	cut -d' ' -f1)
if [ -z "$sym" ] || [ -z "$site" ] || [ -z "$pfx" ]; then
	echo "cmdline_proc_show not found: sym=$sym site=$site pfx=$pfx"
	exit 1
fi
# The low 32 bits: busybox's arithmetic is signed 64-bit.
echo "fentry site: symbol+$((0x${site#????????} - 0x${sym#????????}))"
echo "prefix symbol: symbol-$((0x${sym#????????} - 0x${pfx#????????}))"
sh ./guest.sh
rc=$?
echo "ibt_sealed: $(cat /sys/module/kpatch/parameters/ibt_sealed 2>&1)"
exit $rc
