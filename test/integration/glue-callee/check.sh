#!/bin/sh
# The patch replaces __kmalloc, which the patch module's own init calls
# (kcalloc). The replacement must be local to the module: were the glue's
# call bound to it, it would run before kpatch.ko wrote its relocations
# (the test kernel is SLOB: slob_alloc and friends are static) and the insmod
# would crash. Once applied, the kernel's callers reach it through ftrace.
marker="kpatch-test: __kmalloc replaced"
funcs=/sys/kernel/kpatch/kpatch_glue_callee/functions
case "$1" in
before) ! dmesg | grep -q "$marker" ;;
loaded)
	grep -q "^vmlinux __kmalloc .* applied$" "$funcs" &&
		ls /proc >/dev/null && dmesg | grep -q "$marker" ;;
*) [ ! -e "$funcs" ] ;;
esac
