#!/bin/sh
# /proc/cmdline gains " kpatch=1" while the patch is loaded.
case "$1" in
loaded) grep -q ' kpatch=1$' /proc/cmdline ;;
*) ! grep -q 'kpatch=1' /proc/cmdline ;;
esac
