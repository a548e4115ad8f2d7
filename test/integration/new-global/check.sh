#!/bin/sh
# /proc/loadavg counts its reads in a global variable the patch adds.
case "$1" in
loaded)
	first=$(sed -n "s/.* reads=\([0-9]*\)$/\1/p" /proc/loadavg)
	second=$(sed -n "s/.* reads=\([0-9]*\)$/\1/p" /proc/loadavg)
	[ -n "$first" ] && [ "$second" -eq $((first + 1)) ] ;;
*) ! grep -q "reads=" /proc/loadavg ;;
esac
