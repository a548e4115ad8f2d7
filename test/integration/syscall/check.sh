#!/bin/sh
# getppid(2) returns the parent's pid plus 100000 while the patch is applied
# (the shell's $PPID comes from it). A syscall chosen whose body is not an
# inline: a change to an inline __do_sys_* body compiled out of line is
# notrace and refused (see refuse-notrace).
ppid=$(sh -c 'echo $PPID')
echo "getppid: $ppid"
case "$1" in
loaded) [ "$ppid" -gt 100000 ] ;;
*) [ "$ppid" -lt 100000 ] ;;
esac
