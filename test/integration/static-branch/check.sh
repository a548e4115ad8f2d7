#!/bin/sh
# version_proc_show gains a line chosen by static_branch_unlikely() on
# net_high_order_alloc_disable_key (net/core/sock.c), which vmlinux does
# not export and the net.core.high_order_alloc_disable sysctl switches at
# run time. Both ways the line must follow the key: the kernel patched the
# patch module's own jump-label site, which it could only do because the
# key's address was there when the module came.
s=/proc/sys/net/core/high_order_alloc_disable
line() { grep "^kpatch:" /proc/version; }
case "$1" in
loaded)
	[ "$(line)" = "kpatch: high_order_alloc_disable off" ] || exit 1
	echo 1 >$s
	[ "$(line)" = "kpatch: high_order_alloc_disable on" ] || { echo "key on: $(line)"; exit 1; }
	echo 0 >$s
	[ "$(line)" = "kpatch: high_order_alloc_disable off" ] || { echo "key off again: $(line)"; exit 1; }
	;;
*) [ -z "$(line)" ] && [ "$(cat $s)" = 0 ] ;;
esac
