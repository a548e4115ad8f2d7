#!/bin/sh
# uname(2) (newuname, a SYSCALL_DEFINE1 whose body is an inline __do_sys_*)
# reports the machine as "kpatched" while the patch, written with
# KPATCH_SYSCALL_DEFINE1 from kpatch-syscall.h, is applied.
m=$(uname -m)
echo "uname -m: $m"
case "$1" in
loaded) [ "$m" = kpatched ] ;;
*) [ "$m" = x86_64 ] ;;
esac
