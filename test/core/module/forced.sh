#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest half of the forced module-object test: a patch whose foo_show
# (kobject-example.ko) is forced is enabled before the module loads, so
# the forced function is applied only when the module comes. A reader is
# then parked inside the replacement (nap_ms), and the forced function is
# turned off without looking at it:
#   forced.sh disable [M]  by reverting the patch;
#   forced.sh replace [M]  by an atomic-replace patch (kpatch_r).
# Either way the patch module must stay (forced=1, rmmod refused), and
# the reader must come back from the replacement unharmed.
# M multiplies the nap (the slow debug kernel).

. "$(dirname "$0")/lib.sh"

MODE=$1
M=${2:-1}
K=/sys/kernel/kpatch
F=/sys/kernel/kobject_example/foo
off=$(cat off)
P=kpatch_kobj
[ "$MODE" = replace ] && P=kpatch_kobj2
S=$K/$P
fail() {
	echo "forced $MODE: $*"
	dmesg | grep -E 'kpatch|Oops|BUG' | sed 's/^\[[^]]*\] //'
	exit 1
}

insmod kpatch.ko || fail "kpatch.ko"
insmod $P.ko old_off="$off" force=1 || fail "insmod $P"
echo "before the module: forced=$(cat $S/forced) $(cut -d' ' -f1,2,6 $S/functions)"
insmod kobject-example.ko || fail "kobject-example"
echo "module came: forced=$(cat $S/forced) $(cat $F)"
echo $((3000 * M)) >/sys/module/$P/parameters/nap_ms
cat $F >reader.out &
reader=$!
sleep 1
if [ "$MODE" = replace ]; then
	insmod kpatch_r.ko || fail "replace"
	echo "replaced: $P enabled=$(cat $S/enabled)"
else
	echo 0 >$S/enabled || fail "forced revert"
	echo "reverted: enabled=$(cat $S/enabled)"
fi
echo "while the reader naps: $(cat $F)"
rmmod $P 2>/dev/null && fail "the patch module was unloaded under the reader"
echo "module kept: forced=$(cat $S/forced) refcnt=$(cat /sys/module/$P/refcnt)"
wait $reader || fail "the reader failed"
echo "reader: $(cat reader.out)"
dmesg | grep -qE 'Oops|BUG:|general protection' && fail "the kernel complained"
dmesg | grep -o "$P: foo_show was applied without.*"
echo "forced $MODE: done"
