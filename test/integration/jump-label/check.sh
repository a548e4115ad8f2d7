#!/bin/sh
# version_proc_show gains a line chosen by want_init_on_free(), a
# static_branch on the exported key init_on_free. The guest boots with
# init_on_free=1 (the `append` file), so the key is on while the code was
# compiled with the branch off: the line reads "on" only if the patch
# module's jump-table entry was kept and its site switched at load.
case "$1" in
loaded) grep -qx "kpatch: init_on_free on" /proc/version ;;
*) ! grep -q "kpatch:" /proc/version ;;
esac
