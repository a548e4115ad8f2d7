# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Sourced by the guest halves of test/guest/core-module.bats.

# unload_example: rmmod kobject_example and wait for its sysfs directory
# to go: with CONFIG_DEBUG_KOBJECT_RELEASE (the debug kernel) the kobject's
# cleanup, kobject_del() included, runs 1 to 4 s later, and a load before
# then fails on the duplicate /sys/kernel/kobject_example.
unload_example() {
	rmmod kobject_example || return 1
	i=0
	while [ -e /sys/kernel/kobject_example ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ ! -e /sys/kernel/kobject_example ] || { echo "kobject_example's sysfs stayed"; return 1; }
}
