#!/bin/sh
# cmdline_proc_show gains a pr_debug(). Its descriptor is the patch
# module's own: dynamic_debug/control lists it under the module, it prints
# nothing until "+p" is written there, then prints from the patched code,
# and it leaves the control file with the module.
c=/proc/dynamic_debug/control
mod=kpatch_dyndbg
listed() { grep -c "\[$mod\]cmdline_proc_show =" $c; }
printed() { dmesg | grep -c "kpatch: cmdline read by cat"; }
case "$1" in
loaded)
	[ "$(listed)" = 1 ] || { echo "control lists $(listed) sites of $mod"; grep "$mod" $c; exit 1; }
	cat /proc/cmdline >/dev/null
	[ "$(printed)" = 0 ] || { echo "printed before +p"; exit 1; }
	echo "module $mod +p" >$c
	grep "\[$mod\]cmdline_proc_show =p" $c || exit 1
	cat /proc/cmdline >/dev/null
	[ "$(printed)" = 1 ] || { echo "printed $(printed) times after +p"; exit 1; }
	echo "module $mod -p" >$c
	;;
*)
	# Without the patch nothing is listed and a read prints nothing new.
	n=$(printed)
	cat /proc/cmdline >/dev/null
	[ "$(listed)" = 0 ] && [ "$(printed)" = "$n" ]
	;;
esac
