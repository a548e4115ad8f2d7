#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of test/guest/patch-glue.bats: patch modules built from the
# glue and a hand-written output.o. The refusals must leave /proc/cmdline
# alone; the good one must print the values its relocations resolved to.
S=/sys/kernel/kpatch/kpatch_glue_test
orig=$(cat /proc/cmdline)
echo "before: $orig"
insmod kpatch.ko || exit 1

refused() {
	if insmod "$1" 2>/dev/null; then
		echo "$1 accepted"; exit 1
	fi
	[ "$(cat /proc/cmdline)" = "$orig" ] || { echo "changed by $1"; exit 1; }
	echo "refused $1"
}
refused kpatch-glue-badreloc.ko
refused kpatch-glue-prefail.ko
refused kpatch-glue-narrow.ko

insmod kpatch-glue-test.ko || exit 1
# kallsyms lists vmlinux in address order, the order sympos counts in.
acpi=$(grep ' _acpi_module_name$' /proc/kallsyms | sed -n 2p | cut -d' ' -f1)
got=$(cat /proc/cmdline)
# shellcheck disable=SC2086 # the fields are wanted
set -- $got
echo "applied: $got"
[ "$1" = kpatched ] || { echo "not patched"; exit 1; }
[ "$2 $3 $4" = "$acpi $acpi $acpi" ] || {
	echo "relocated $2 $3 $4, kallsyms has $acpi"; exit 1
}
shift 5
rest=$*
# shellcheck disable=SC2086 # word splitting drops the trailing blank
set -- $orig
[ "$rest" = "$*" ] || { echo "saved_command_line read wrong: $rest"; exit 1; }
echo "relocations right: $acpi"
echo "enabled=$(cat $S/enabled) replace=$(cat $S/replace)"
echo 0 > $S/enabled || exit 1
echo "reverted: $(cat /proc/cmdline)"
echo 1 > $S/enabled || exit 1
echo "reapplied: $(cut -d' ' -f1 /proc/cmdline)"
echo 0 > $S/enabled || exit 1
rmmod kpatch_glue_test || exit 1
rmmod kpatch || exit 1
echo "after: $(cat /proc/cmdline)"
dmesg | grep -E 'glue-test|kp_no_such_symbol|pre-patch callback|overflows' |
	sed 's/^\[[^]]*\] //'
echo "glue: done"
