#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the Debian guest of the boot test, as a systemd unit ordered
# after kpatch.service. The phase comes from the kernel command line:
#   kpatch_boottest=install  install the patch with `kpatch install` (which
#                            must enable kpatch.service), power off
#   kpatch_boottest=check    show and check that kpatch.service applied it
#   kpatch_boottest=disabled booted with kpatch.enable=0: it must not have
# Every line goes to the serial console, where the host reads BOOTTEST: lines.

exec >/dev/ttyS0 2>&1
PATCH=/root/kpatch-boot.ko
failed=""

fail() {
	failed="$failed; $*"
}

section() {
	printf '== %s\n' "$*"
}

phase_install() {
	section "kpatch install $PATCH"
	before=$(systemctl is-enabled kpatch.service 2>&1)
	echo "kpatch.service before install: $before"
	if kpatch install "$PATCH" >/tmp/install.out 2>&1; then
		cat /tmp/install.out
		if [ "$before" = enabled ]; then
			echo "BOOTTEST: RESULT fail: kpatch.service was enabled before kpatch install"
		elif ! grep -qx 'enabled kpatch.service so that installed patches are loaded at boot' /tmp/install.out; then
			echo "BOOTTEST: RESULT fail: kpatch install did not say it enabled kpatch.service"
		elif [ "$(systemctl is-enabled kpatch.service)" != enabled ]; then
			echo "BOOTTEST: RESULT fail: kpatch.service is not enabled after kpatch install"
		else
			echo "BOOTTEST: installed"
		fi
	else
		cat /tmp/install.out
		echo "BOOTTEST: RESULT fail: kpatch install failed"
	fi
	section "kpatch list"
	kpatch list
}

# Monotonic microseconds at which a unit became active.
active_at() {
	systemctl show -p ActiveEnterTimestampMonotonic --value "$1"
}

phase_check() {
	section "kpatch list"
	kpatch list
	section "kpatch log"
	kpatch log
	section "kpatch info kpatch_boot"
	kpatch info kpatch_boot
	section "systemctl status kpatch.service"
	SYSTEMD_COLORS=0 systemctl status --no-pager -l -n 20 kpatch.service
	section "/proc/cmdline"
	cat /proc/cmdline

	kpatch list | grep -qx 'kpatch_boot \[enabled\]' || fail "kpatch_boot is not listed as enabled"
	[ "$(awk '{print $NF}' /proc/cmdline)" = "kpatch=1" ] || fail "/proc/cmdline is not patched"
	[ "$(systemctl show -p Result --value kpatch.service)" = success ] || fail "kpatch.service did not succeed"
	journalctl -b -u kpatch.service --no-pager | grep -q 'kpatch_boot: enabled' ||
		fail "kpatch.service did not report enabling kpatch_boot"
	at=$(active_at kpatch.service)
	if [ "$at" -eq 0 ] || [ "$at" -gt "$(active_at sysinit.target)" ]; then
		fail "kpatch.service was not active before sysinit.target"
	fi

	section "systemctl restart kpatch.service (idempotent)"
	systemctl restart kpatch.service || fail "restarting kpatch.service failed"
	journalctl -b -u kpatch.service --no-pager | grep -q 'kpatch_boot: already loaded and enabled' ||
		fail "a second kpatch load --all did not skip the loaded patch"
	kpatch list | grep -qx 'kpatch_boot \[enabled\]' || fail "kpatch_boot not enabled after restart"

	if [ -z "$failed" ]; then
		echo "BOOTTEST: RESULT ok"
	else
		echo "BOOTTEST: RESULT fail${failed}"
	fi
}

# Booted with kpatch.enable=0: the unit's condition keeps it from running.
phase_disabled() {
	section "kpatch.enable=0"
	cat /proc/cmdline
	kpatch list
	SYSTEMD_COLORS=0 systemctl status --no-pager -n 5 kpatch.service
	[ "$(systemctl show -p ConditionResult --value kpatch.service)" = no ] ||
		fail "kpatch.service's condition did not fail"
	[ "$(awk '{print $NF}' /proc/cmdline)" = "kpatch=1" ] && fail "the patch was applied"
	kpatch list | grep -q '^kpatch_boot \[' && fail "kpatch_boot is loaded"
	if [ -z "$failed" ]; then
		echo "BOOTTEST: RESULT ok"
	else
		echo "BOOTTEST: RESULT fail${failed}"
	fi
}

# The packaged patch (deb-boot-test.sh): kpatch-build --deb's package
# installed with dpkg on the kernel it was built for.
DEB_PKG=kpatch-patch-bootdeb
DEB_MOD=kpatch_bootdeb_v1

# dpkg -i: its postinst must load the patch now (this is its kernel).
phase_debinstall() {
	section "dpkg -i /root/${DEB_PKG}_1_amd64.deb"
	dpkg -i "/root/${DEB_PKG}_1_amd64.deb"
	echo "dpkg exit status: $?"
	section "kpatch list"
	kpatch list
	kpatch list | grep -qx "$DEB_MOD \[enabled\]" || fail "the postinst did not load $DEB_MOD"
	[ "$(awk '{print $NF}' /proc/cmdline)" = "kpatch=1" ] || fail "/proc/cmdline is not patched after dpkg -i"
	[ "$(dpkg-query -W -f '${Status}' "$DEB_PKG")" = "install ok installed" ] ||
		fail "$DEB_PKG is not configured"
	result
}

# The next boot: kpatch.service loaded the package's module; then
# dpkg -r: its prerm unloads it.
phase_debcheck() {
	section "kpatch list"
	kpatch list
	section "journalctl -u kpatch.service"
	journalctl -b -u kpatch.service --no-pager -o cat
	kpatch list | grep -qx "$DEB_MOD \[enabled\]" || fail "$DEB_MOD is not loaded after boot"
	journalctl -b -u kpatch.service --no-pager | grep -q "$DEB_MOD: enabled" ||
		fail "kpatch.service did not report enabling $DEB_MOD"
	[ "$(awk '{print $NF}' /proc/cmdline)" = "kpatch=1" ] || fail "/proc/cmdline is not patched at boot"
	section "dpkg -r $DEB_PKG"
	dpkg -r "$DEB_PKG"
	echo "dpkg exit status: $?"
	kpatch list
	kpatch list | grep -q "^$DEB_MOD " && fail "the prerm left $DEB_MOD loaded"
	[ "$(awk '{print $NF}' /proc/cmdline)" = "kpatch=1" ] && fail "/proc/cmdline is still patched after dpkg -r"
	[ -z "$(ls -A "/var/lib/kpatch/$(uname -r)" 2>/dev/null)" ] ||
		fail "files left under /var/lib/kpatch/$(uname -r)"
	result
}

result() {
	if [ -z "$failed" ]; then
		echo "BOOTTEST: RESULT ok"
	else
		echo "BOOTTEST: RESULT fail${failed}"
	fi
}

case "$(cat /proc/cmdline)" in
*kpatch_boottest=debinstall*) phase_debinstall ;;
*kpatch_boottest=debcheck*) phase_debcheck ;;
*kpatch_boottest=install*) phase_install ;;
*kpatch_boottest=disabled*) phase_disabled ;;
*kpatch_boottest=check*) phase_check ;;
*) echo "BOOTTEST: RESULT fail: no kpatch_boottest= phase on the command line" ;;
esac
systemctl --no-block poweroff
