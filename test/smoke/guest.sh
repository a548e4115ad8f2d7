# Guest side of the smoke test: load, check the printk, unload, check again.
set -e
echo "cpus: $(nproc)"
insmod ./kpatch_smoke.ko
grep -q '^kpatch_smoke ' /proc/modules
dmesg | grep 'kpatch-smoke: hello'
rmmod kpatch_smoke
if grep -q '^kpatch_smoke ' /proc/modules; then echo 'still loaded'; exit 1; fi
dmesg | grep 'kpatch-smoke: goodbye'
echo "smoke: ok on $(uname -r)"
