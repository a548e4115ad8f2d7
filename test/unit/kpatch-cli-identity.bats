#!/usr/bin/env bats
# The kpatch command against a fake sysfs, for what issue 14 added: patch
# identity by checksum, input that is not a regular file, info's exit
# status, the live version of each function in list, --json, unload --all
# in stack order, and install enabling kpatch.service. What needs a real
# kernel (busy retries, stacking, signatures) is in test/guest/cli.bats.

load cli/helpers

setup_file() {
	cli_build
}

setup() {
	cli_setup
}

teardown() {
	cli_teardown
}

needs_root() {
	[ "$(id -u)" -eq 0 ] || skip "writes the fake enabled files as root"
}

@test "input: a FIFO, a device or a directory is refused at once, naming what it is" {
	mkfifo "$FAKE/fifo.ko"
	mkdir "$FAKE/dir.ko"
	for c in load install info; do
		run timeout 5 "$KPATCH" "$c" "$FAKE/fifo.ko"
		[ "$status" -eq 1 ]
		[ "$output" = "kpatch: $FAKE/fifo.ko is a FIFO, not a module file" ]
		run timeout 5 "$KPATCH" "$c" "$FAKE/dir.ko"
		[ "$status" -eq 1 ]
		[ "$output" = "kpatch: $FAKE/dir.ko is a directory, not a module file" ]
	done
	run timeout 5 "$KPATCH" load /dev/zero
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: /dev/zero is a character device, not a module file" ]
	run timeout 5 "$KPATCH" install /dev/null
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: /dev/null is a character device, not a module file" ]
}

@test "checksum: a different build of a loaded patch is refused, naming both checksums" {
	fake_core
	fake_patch kpatch_a 1 1111aaaa
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")" kpatch_a 2222bbbb
	run "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/kpatch-a.ko is a different build of the loaded patch kpatch_a (loaded checksum 1111aaaa, file checksum 2222bbbb); unload the loaded one first ('kpatch unload kpatch_a') or build the new one under another name (kpatch-build -n)" ]
	fake_module "$FAKE/same.ko" "$(vermagic_for "$KVER")" kpatch_a 1111aaaa
	run "$KPATCH" load "$FAKE/same.ko"
	[ "$status" -eq 0 ]
	[ "$output" = "kpatch_a: already loaded and enabled" ]
}

@test "checksum: a disabled patch of another build is neither re-enabled nor skipped by --all" {
	needs_root
	fake_core
	fake_patch kpatch_a 0 1111aaaa
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")" kpatch_a 2222bbbb
	run "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[[ "$output" == *"(loaded checksum 1111aaaa, file checksum 2222bbbb)"* ]]
	[ "$(cat "$KPATCH_SYSFS/kernel/kpatch/kpatch_a/enabled")" = 0 ]
	mkdir -p "$KPATCH_DATA_DIR/$KVER"
	cp "$FAKE/kpatch-a.ko" "$KPATCH_DATA_DIR/$KVER/"
	run "$KPATCH" load --all
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == *"is a different build of the loaded patch kpatch_a"* ]]
	[ "${lines[1]}" = "kpatch: 1 of 1 installed patches failed to load" ]
}

@test "checksum: one side without a checksum cannot be proven the same build" {
	fake_core
	fake_patch kpatch_a 1
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")" kpatch_a 2222bbbb
	run "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[[ "$output" == *"(loaded checksum none, file checksum 2222bbbb)"* ]]
	fake_patch kpatch_b 1 3333cccc
	fake_module "$FAKE/kpatch-b.ko" "$(vermagic_for "$KVER")" kpatch_b
	run "$KPATCH" load "$FAKE/kpatch-b.ko"
	[ "$status" -eq 1 ]
	[[ "$output" == *"(loaded checksum 3333cccc, file checksum none)"* ]]
	fake_patch kpatch_c 1
	fake_module "$FAKE/kpatch-c.ko" "$(vermagic_for "$KVER")" kpatch_c
	run "$KPATCH" load "$FAKE/kpatch-c.ko"
	[ "$status" -eq 0 ]
	[ "$output" = "kpatch_c: already loaded and enabled" ]
}

@test "info: shows the checksums; exits 1 when a part cannot be read" {
	fake_core
	fake_patch kpatch_a 1 1111aaaa
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")" kpatch_a 2222bbbb
	run "$KPATCH" info "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "${lines[5]}" = "Checksum: 1111aaaa" ]
	[[ "$output" == *$'\n'"File checksum: 2222bbbb"$'\n'* ]]
	rm "$KPATCH_SYSFS/kernel/kpatch/kpatch_a/functions"
	run "$KPATCH" info kpatch_a
	[ "$status" -eq 1 ]
	[[ "$output" == *"kpatch: cannot read the functions of kpatch_a: No such file or directory"* ]]
	printf 'not elf\n' >"$FAKE/kpatch-z.ko"
	run "$KPATCH" info "$FAKE/kpatch-z.ko"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not a kernel module (not an ELF file)"* ]]
	[[ "$output" == *"File: $FAKE/kpatch-z.ko"* ]]
}

@test "list: the live version of each function is the newest applied one, in stack order" {
	fake_core
	fake_patch kpatch_b 1
	fake_patch kpatch_a 1
	timeline_load kpatch_b kpatch_a
	run "$KPATCH" list
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "kpatch_b [enabled]" ]
	[ "${lines[2]}" = "kpatch_a [enabled]" ]
	[[ "${lines[6]}" =~ ^vmlinux\ +cmdline_proc_show\ +0\ +kpatch_a$ ]]
	[ "$(grep -c cmdline_proc_show <<<"$output")" -eq 1 ]
	# The deferred ext4 function is not live anywhere.
	[[ "$output" != *"ext4_fill_super"* ]]
	: >"$KPATCH_SYSFS/kernel/kpatch/timeline"
	timeline_load kpatch_a kpatch_b
	run "$KPATCH" list
	[ "${lines[1]}" = "kpatch_a [enabled]" ]
	[[ "${lines[6]}" =~ ^vmlinux\ +cmdline_proc_show\ +0\ +kpatch_b$ ]]
}

@test "list --json and info --json: the same facts, valid JSON" {
	fake_core
	fake_patch kpatch_a 1 1111aaaa
	fake_patch kpatch_b 0
	timeline_load kpatch_b kpatch_a
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")" kpatch_a 1111aaaa
	"$KPATCH" install "$FAKE/kpatch-a.ko" >/dev/null
	run "$KPATCH" list --json
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["core_loaded"] is True
assert [(p["name"], p["state"], p["replace"], p["checksum"], p["stack_position"]) for p in d["loaded"]] == \
    [("kpatch_b", "disabled", True, None, 0), ("kpatch_a", "enabled", True, "1111aaaa", 1)], d["loaded"]
assert d["patched_functions"] == [{"object": "vmlinux", "function": "cmdline_proc_show", "sympos": 0, "patch": "kpatch_a"}], d
assert [(i["kernel"], i["file"]) for i in d["installed"]] == [(sys.argv[2], "kpatch-a.ko")], d["installed"]
' "$output" "$KVER"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run "$KPATCH" info --json kpatch_a
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["name"] == "kpatch_a" and d["loaded"] is True and d["state"] == "enabled"
assert d["checksum"] == "1111aaaa" and d["file_checksum"] == "1111aaaa"
assert d["last_transition"] == {"event": "apply", "time": 1763900000}
assert d["last_window_ns"] == 48213
assert d["objects"] == [{"name": "vmlinux", "state": "loaded"}, {"name": "ext4", "state": "deferred"}]
assert d["functions"][1] == {"object": "ext4", "function": "ext4_fill_super", "sympos": 0,
    "old_addr": "0x0", "new_addr": "0xffffffffc0001100", "state": "deferred"}
assert {"key": "name", "value": "kpatch_a"} in d["modinfo"]
assert d["file"].endswith("/kpatch-a.ko")
' "$output"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	run "$KPATCH" list --json
	run python3 -c 'import json,sys; assert json.loads(sys.argv[1])["loaded"][0]["name"] == "kpatch_b"' "$output"
	[ "$status" -eq 0 ]
	run "$KPATCH" list --bogus
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: list: unknown option '--bogus' (see 'kpatch list --help')" ]
	run "$KPATCH" info --json
	[ "$status" -eq 1 ]
	[[ "$output" == *"info: missing NAME"* ]]
}

@test "list --json: no core loaded is an empty, valid listing" {
	run "$KPATCH" list --json
	[ "$status" -eq 0 ]
	[ "$output" = '{"core_loaded":false,"loaded":[],"patched_functions":[],"installed":[]}' ]
}

@test "unload --all: newest first by the timeline, and stops when a pass frees nothing" {
	needs_root
	fake_core
	# No real modules have these names, so delete_module(2) fails for each.
	fake_patch kpatch_cli_t_old 1
	fake_patch kpatch_cli_t_new 1
	timeline_load kpatch_cli_t_old kpatch_cli_t_new
	run "$KPATCH" unload --all
	[ "$status" -eq 1 ]
	[ "$(grep '^disabling' <<<"$output")" = "disabling patch module: kpatch_cli_t_new
disabling patch module: kpatch_cli_t_old" ]
	[ "$(tail -n 1 <<<"$output")" = "kpatch: 2 of 2 loaded patches could not be unloaded" ]
	# Each was enabled again when its module could not be removed.
	[ "$(cat "$KPATCH_SYSFS/kernel/kpatch/kpatch_cli_t_new/enabled")" = 1 ]
	[ "$(cat "$KPATCH_SYSFS/kernel/kpatch/kpatch_cli_t_old/enabled")" = 1 ]
}

# A systemctl that logs its arguments; is-enabled answers $1, enable $2.
fake_systemctl() {
	mkdir -p "$FAKE/bin" "$FAKE/run-systemd"
	cat >"$FAKE/bin/systemctl" <<SH
#!/bin/sh
echo "\$*" >>"$FAKE/systemctl.log"
case "\$1" in is-enabled) exit $1 ;; enable) exit $2 ;; esac
exit 3
SH
	chmod +x "$FAKE/bin/systemctl"
	export KPATCH_SYSTEMD_DIR=$FAKE/run-systemd PATH=$FAKE/bin:$PATH
}

@test "install: enables kpatch.service when systemd runs, and says so" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	fake_systemctl 1 0
	run "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "enabled kpatch.service so that installed patches are loaded at boot" ]
	[ "$(cat "$FAKE/systemctl.log")" = "is-enabled --quiet kpatch.service
enable --quiet kpatch.service" ]
	fake_systemctl 0 0
	: >"$FAKE/systemctl.log"
	run "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "kpatch.service is enabled: installed patches are loaded at boot" ]
	[ "$(cat "$FAKE/systemctl.log")" = "is-enabled --quiet kpatch.service" ]
}

@test "install: a failing systemctl enable is an error; no systemd, no systemctl" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	fake_systemctl 1 1
	run "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$(tail -n 1 <<<"$output")" = "kpatch: the patch is installed, but 'systemctl enable kpatch.service' failed (exit status 1): it will not be loaded at boot until the unit is enabled" ]
	[ -f "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko" ]
	rmdir "$FAKE/run-systemd"
	: >"$FAKE/systemctl.log"
	run "$KPATCH" uninstall kpatch-a.ko
	run "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ ! -s "$FAKE/systemctl.log" ]
}

@test "list and info: functions readable by root only are said to be, not shown as none" {
	[ "$(id -u)" -eq 0 ] || skip "needs a file only root can read"
	fake_core
	fake_patch kpatch_a 1
	chmod 0400 "$KPATCH_SYSFS/kernel/kpatch/kpatch_a/functions"
	run as_user "$KPATCH" list
	[ "$status" -eq 0 ]
	[ "${lines[4]}" = "(only root can read them: they show kernel addresses)" ]
	run as_user "$KPATCH" list --json
	[[ "$output" == *'"patched_functions":null,"installed":[]}' ]]
	python3 -c 'import json,sys; json.loads(sys.argv[1])' "$output"
	run as_user "$KPATCH" info kpatch_a
	[ "$status" -eq 1 ]
	[[ "$output" == *"kpatch: cannot read the functions of kpatch_a: Permission denied (only root can: they show kernel addresses)"* ]]
}

@test "info --json: the same keys whether or not the patch is loaded or has a file; bytes that are not UTF-8 escaped" {
	fake_core
	fake_patch kpatch_a 1 1111aaaa
	fake_module "$FAKE/kpatch-b.ko" "$(vermagic_for "$KVER")" kpatch_b
	"$KPATCH" install "$FAKE/kpatch-b.ko" >/dev/null
	loaded=$("$KPATCH" info --json kpatch_a)
	installed=$("$KPATCH" info --json kpatch_b)
	bad=$'kpatch_\xff\xc3\xa9'
	fake_patch "$bad" 1
	odd=$("$KPATCH" info --json "$bad")
	run python3 -c '
import json, sys
a, b, c = (json.loads(x) for x in sys.argv[1:4])
assert list(a) == list(b) == list(c), (list(a), list(b), list(c))
assert b["loaded"] is False and b["state"] is None and b["functions"] is None, b
assert a["file"] is None and a["file_checksum"] is None and a["modinfo"] is None, a
assert c["name"] == "kpatch_\u00ff\u00e9", c["name"]
' "$loaded" "$installed" "$odd"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$odd" == *'"name":"kpatch_\u00ff'$'\xc3\xa9''"'* ]]
}
