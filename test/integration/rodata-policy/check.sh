#!/bin/sh
# Only the netlink policy of IPv4 addresses changes (labels of at most 4
# bytes); the functions parsing with it are patched with a copy of the new
# policy. A 10-byte label is accepted before and after, refused while the
# patch is applied; a short one is accepted throughout.
addr() {
	ip addr add 10.9.9.9/32 dev lo label "$1" 2>/dev/null || return 1
	ip addr del 10.9.9.9/32 dev lo
}
addr lo:a || exit 1
case "$1" in
loaded) ! addr lo:abcdefg ;;
*) addr lo:abcdefg ;;
esac
