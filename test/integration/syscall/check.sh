#!/bin/sh
# uname(2) reports the machine as "kpatched" while the patch is applied.
case "$1" in
loaded) [ "$(uname -m)" = kpatched ] ;;
*) [ "$(uname -m)" = x86_64 ] ;;
esac
