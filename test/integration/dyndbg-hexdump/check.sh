#!/bin/sh
# cmdline_proc_show gains a print_hex_dump_debug(), whose descriptor no
# code passes (_dynamic_func_call_no_desc): only its jump label's key
# reaches it. The descriptor is the patch module's own: dynamic_debug/control
# lists it under the module, the dump is silent until "+p" switches the
# key inside the module's copy, then it prints from the patched code.
c=/proc/dynamic_debug/control
mod=kpatch_dyndbg_hexdump
listed() { grep -c "\[$mod\]cmdline_proc_show =_ \"kpatch-hex: \"" $c; }
printed() { dmesg | grep -c "kpatch-hex: 6b 70 61 74 63 68"; }
case "$1" in
loaded)
	[ "$(listed)" = 1 ] || { echo "control lists $(listed) sites of $mod"; grep "$mod" $c; exit 1; }
	cat /proc/cmdline >/dev/null
	[ "$(printed)" = 0 ] || { echo "printed before +p"; exit 1; }
	echo "module $mod +p" >$c
	grep "\[$mod\]cmdline_proc_show =p" $c || exit 1
	cat /proc/cmdline >/dev/null
	[ "$(printed)" = 1 ] || { echo "printed $(printed) times after +p"; dmesg | tail -5; exit 1; }
	echo "module $mod -p" >$c
	cat /proc/cmdline >/dev/null
	[ "$(printed)" = 1 ] || { echo "printed after -p"; exit 1; }
	;;
*)
	n=$(printed)
	cat /proc/cmdline >/dev/null
	[ "$(listed)" = 0 ] && [ "$(printed)" = "$n" ]
	;;
esac
