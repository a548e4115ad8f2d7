#!/bin/sh
# /proc/uptime counts its reads in a static local of the changed function.
case "$1" in
loaded)
	first=$(sed -n "s/.* calls=\([0-9]*\)$/\1/p" /proc/uptime)
	second=$(sed -n "s/.* calls=\([0-9]*\)$/\1/p" /proc/uptime)
	[ "$first" -ge 1 ] && [ "$second" -eq $((first + 1)) ] ;;
*) ! grep -q "calls=" /proc/uptime ;;
esac
