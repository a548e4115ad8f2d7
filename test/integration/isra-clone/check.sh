#!/bin/sh
# collect_sigign_sigcatch (fs/proc/array.c) is compiled only as the clone
# collect_sigign_sigcatch.constprop.0.isra.0 (IPA-SRA drops the task
# argument for the sighand pointer). The patch marks signal 64 as ignored
# in every /proc/PID/status, so SigIgn gains bit 63.
grep -q ' collect_sigign_sigcatch\.constprop\.0\.isra\.0$' /proc/kallsyms ||
	{ echo "no collect_sigign_sigcatch.constprop.0.isra.0 in kallsyms"; exit 1; }
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status)
echo "SigIgn: $ign"
case "$1" in
loaded) [ "$ign" = 8000000000000000 ] ;;
*) [ "$ign" = 0000000000000000 ] ;;
esac
