#!/bin/sh
# cpu_show_common (a .constprop clone) marks "Not affected" lines.
cd /sys/devices/system/cpu/vulnerabilities || exit 1
case "$1" in
loaded) grep -qx "Not affected (kpatched)" ./* && ! grep -qx "Not affected" ./* ;;
*) grep -qx "Not affected" ./* && ! grep -q "kpatched" ./* ;;
esac
