#!/bin/sh
# /proc/version gains a line printed by a function the patch adds.
case "$1" in
loaded) grep -qx "kpatch: new function" /proc/version ;;
*) ! grep -q "kpatch:" /proc/version ;;
esac
