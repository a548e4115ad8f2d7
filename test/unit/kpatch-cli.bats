#!/usr/bin/env bats
# The kpatch command against a fake sysfs, data directory and modules tree:
# every command and every error path that can be reached without loading a
# module into a kernel (that part is test/guest/cli.bats).

load cli/helpers
bats_require_minimum_version 1.5.0

setup_file() {
	cli_build
}

setup() {
	cli_setup
}

teardown() {
	cli_teardown
}

# The last line of output is the one error line every failure ends with.
last_line() {
	# shellcheck disable=SC2154 # set by bats run
	printf '%s\n' "${lines[${#lines[@]} - 1]}"
}

@test "cli: the binary is static-PIE, so it runs in early boot and the busybox guest, with ASLR" {
	run readelf -l "$KPATCH"
	[ "$status" -eq 0 ]
	[[ "$output" != *"INTERP"* ]]
	[[ "$output" == *"LOAD"* ]]
	run readelf -h "$KPATCH"
	[[ "$output" == *"Type:"*"DYN (Position-Independent Executable file)"* ]]
}

@test "cli: no command prints the usage and fails" {
	run "$KPATCH"
	[ "$status" -eq 1 ]
	[[ "$output" == *"usage: kpatch <command>"* ]]
}

@test "cli: --help lists every command" {
	run "$KPATCH" --help
	[ "$status" -eq 0 ]
	for c in load unload install uninstall list info log version; do
		[[ "$output" == *"   $c"* ]]
	done
}

@test "cli: every command has --help" {
	for c in load unload install uninstall list info log version; do
		run "$KPATCH" "$c" --help
		[ "$status" -eq 0 ]
		[[ "${lines[0]}" == "usage: kpatch $c"* ]]
	done
}

@test "cli: an unknown command or option is one clear line" {
	run "$KPATCH" frob
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: 'frob' is not a kpatch command (see 'kpatch --help')" ]
	run "$KPATCH" load --bogus x.ko
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: load: unknown option '--bogus' (see 'kpatch load --help')" ]
	run "$KPATCH" install -k
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: install: option '-k' needs a value (see 'kpatch install --help')" ]
	run "$KPATCH" list extra
	[ "$status" -eq 1 ]
	[[ "$output" == *"list: too many arguments"* ]]
}

@test "version: the bare version like upstream; version adds the core module's when loaded" {
	want=$(cat "$KP_ROOT/VERSION")
	for v in -v --version version; do
		run "$KPATCH" "$v"
		[ "$status" -eq 0 ]
		[ "$output" = "$want" ]
	done
	fake_core 9.8.7
	run "$KPATCH" version
	[ "${lines[0]}" = "$want" ]
	[ "${lines[1]}" = "core module: 9.8.7" ]
	run "$KPATCH" --version
	[ "$output" = "$want" ]
	run "$KPATCH" -v extra
	[ "$status" -eq 1 ]
}

@test "load: a missing file or name is refused" {
	run "$KPATCH" load nope
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: nope: no such file, and no patch of that name is installed for kernel $KVER" ]
	run "$KPATCH" load "$FAKE/nope.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/nope.ko: no such file" ]
}

@test "load: a file in a directory the user may not search is not called missing" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch to nobody"
	mkdir -m 700 "$FAKE/private"
	printf 'x\n' >"$FAKE/private/p.ko"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups "$KPATCH" load "$FAKE/private/p.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/private/p.ko: Permission denied" ]
}

@test "load: files that are not modules are refused, naming why" {
	printf 'hello\n' >"$FAKE/text.ko"
	run "$KPATCH" load "$FAKE/text.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/text.ko: not a kernel module (not an ELF file)" ]
	printf 'int x;\n' >"$FAKE/plain.c"
	gcc -c -o "$FAKE/plain.ko" "$FAKE/plain.c"
	run "$KPATCH" load "$FAKE/plain.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/plain.ko: not a kernel module (no .modinfo section)" ]
	fake_module "$FAKE/m.ko" "$(vermagic_for "$KVER")"
	xz -c "$FAKE/m.ko" >"$FAKE/m.ko.xz"
	run "$KPATCH" load "$FAKE/m.ko.xz"
	[ "$status" -eq 1 ]
	[[ "$output" == *"xz-compressed modules are not supported"* ]]
	head -c 100 "$FAKE/m.ko" >"$FAKE/cut.ko"
	run "$KPATCH" load "$FAKE/cut.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/cut.ko: corrupt ELF file (section table out of bounds)" ]
}

@test "load: a module built for another kernel is refused before anything" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for 6.1.0-bogus)"
	run "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/kpatch-a.ko was built for kernel 6.1.0-bogus, not for $KVER; rebuild it for that kernel" ]
	[ ! -e "$KPATCH_SYSFS/module/kpatch" ]
}

@test "load: without root, says root is needed" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	chmod 644 "$FAKE/kpatch-a.ko"
	run as_user "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch load needs root: run it as root (e.g. with sudo)" ]
}

@test "load: a missing core module is named with where it was looked for" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to get past the root check"
	# A copy of the binary, so no kpatch.ko next to it or in the tree is found.
	mkdir -p "$FAKE/bin"
	cp "$KPATCH" "$FAKE/bin/kpatch"
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	run "$FAKE/bin/kpatch" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: the core module kpatch.ko is not loaded and was not found in $FAKE/modules/$KVER/extra/kpatch/, $FAKE/modules/$KVER/updates/dkms/, $FAKE/bin/ or $FAKE/bin/../kmod/core/ (install it, e.g. with 'dkms autoinstall', or set KPATCH_CORE_MODULE to its path)" ]
	KPATCH_CORE_MODULE=$FAKE/none.ko run "$FAKE/bin/kpatch" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: KPATCH_CORE_MODULE=$FAKE/none.ko: no such file" ]
}

@test "load: a core module built for another kernel is refused" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to get past the root check"
	core=$FAKE/modules/$KVER/extra/kpatch/kpatch.ko
	mkdir -p "$(dirname "$core")"
	fake_module "$core" "$(vermagic_for 6.0.0-old)"
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	run "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $core was built for kernel 6.0.0-old, not for $KVER; rebuild it for that kernel" ]
}

@test "load: a core module that is not kpatch.ko is refused" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to get past the root check"
	fake_module "$FAKE/other.ko" "$(vermagic_for "$KVER")" kpatch_smoke
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	KPATCH_CORE_MODULE=$FAKE/other.ko run "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/other.ko is not the kpatch core module (its module name is kpatch_smoke)" ]
}

@test "load: a patch already loaded and enabled is left alone" {
	fake_core
	fake_patch kpatch_a 1
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")" kpatch_a
	run as_user "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "$output" = "kpatch_a: already loaded and enabled" ]
}

@test "load: another module with the patch's name is refused" {
	fake_core
	mkdir -p "$KPATCH_SYSFS/module/kpatch_a"
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	run "$KPATCH" load "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: a module named kpatch_a is loaded but it is not a kpatch patch" ]
}

@test "load: an installed patch is found by module name; a disabled one is re-enabled" {
	[ "$(id -u)" -eq 0 ] || skip "writes the fake enabled file as root"
	fake_core
	fake_patch kpatch_a 0
	mkdir -p "$KPATCH_DATA_DIR/$KVER"
	fake_module "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko" "$(vermagic_for "$KVER")"
	run "$KPATCH" load kpatch_a
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "re-enabling patch module: kpatch_a" ]
	[ "${lines[1]}" = "kpatch_a: enabled (2 functions, 1 deferred until their module loads)" ]
	[ "$(cat "$KPATCH_SYSFS/kernel/kpatch/kpatch_a/enabled")" = 1 ]
}

@test "load --all: nothing installed is not an error" {
	run "$KPATCH" load --all
	[ "$status" -eq 0 ]
	[ "$output" = "no patches installed for kernel $KVER" ]
	run "$KPATCH" load --all extra
	[ "$status" -eq 1 ]
	[[ "$output" == *"load: --all takes no argument"* ]]
}

@test "load --all: is idempotent and keeps a replaced (disabled) patch disabled" {
	fake_core
	fake_patch kpatch_a 0
	fake_patch kpatch_b 1
	mkdir -p "$KPATCH_DATA_DIR/$KVER"
	fake_module "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko" "$(vermagic_for "$KVER")"
	fake_module "$KPATCH_DATA_DIR/$KVER/kpatch-b.ko" "$(vermagic_for "$KVER")"
	run "$KPATCH" load --all
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "kpatch_a: already loaded (disabled); leaving it as it is" ]
	[ "${lines[1]}" = "kpatch_b: already loaded and enabled" ]
	[ "${lines[2]}" = "2 installed patches loaded" ]
	[ "$(cat "$KPATCH_SYSFS/kernel/kpatch/kpatch_a/enabled")" = 0 ]
}

@test "load --all: one bad patch fails the run but not the others" {
	fake_core
	fake_patch kpatch_b 1
	mkdir -p "$KPATCH_DATA_DIR/$KVER"
	fake_module "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko" "$(vermagic_for 5.10.0-x)"
	fake_module "$KPATCH_DATA_DIR/$KVER/kpatch-b.ko" "$(vermagic_for "$KVER")"
	run "$KPATCH" load --all
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == *"kpatch-a.ko was built for kernel 5.10.0-x"* ]]
	[ "${lines[1]}" = "kpatch_b: already loaded and enabled" ]
	[ "$(last_line)" = "kpatch: 1 of 2 installed patches failed to load" ]
}

@test "unload: a patch that is not loaded, or not a patch, is refused" {
	run "$KPATCH" unload "$FAKE/kpatch-nope.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch_nope is not loaded" ]
	mkdir -p "$KPATCH_SYSFS/module/ext4"
	run "$KPATCH" unload ext4
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: ext4 is not a kpatch patch module; it is left loaded" ]
	run "$KPATCH" unload
	[ "$status" -eq 1 ]
	[[ "$output" == *"unload: missing NAME"* ]]
}

@test "unload: without root, says root is needed and changes nothing" {
	fake_core
	fake_patch kpatch_a 1
	run as_user "$KPATCH" unload kpatch-a
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch unload needs root: run it as root (e.g. with sudo)" ]
	[ "$(cat "$KPATCH_SYSFS/kernel/kpatch/kpatch_a/enabled")" = 1 ]
}

@test "unload: when the module cannot be removed the patch is enabled again" {
	[ "$(id -u)" -eq 0 ] || skip "writes the fake enabled file as root"
	fake_core
	# No real module has this name, so delete_module(2) fails on any host.
	fake_patch kpatch_cli_test_absent 1
	run "$KPATCH" unload kpatch_cli_test_absent
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "disabling patch module: kpatch_cli_test_absent" ]
	[ "${lines[1]}" = "unloading patch module: kpatch_cli_test_absent" ]
	[[ "${lines[2]}" == "kpatch: removing module kpatch_cli_test_absent failed: "* ]]
	[ "$(last_line)" = "kpatch: kpatch_cli_test_absent was enabled again as it was before" ]
	[ "$(cat "$KPATCH_SYSFS/kernel/kpatch/kpatch_cli_test_absent/enabled")" = 1 ]
}

@test "unload --all: nothing loaded is not an error" {
	fake_core
	run "$KPATCH" unload --all
	[ "$status" -eq 0 ]
	[ "$output" = "no patches loaded" ]
}

@test "install: copies the module under DATA_DIR/KVER; twice is harmless" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	run "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "installing $FAKE/kpatch-a.ko ($KVER)" ]
	[ "${lines[1]}" = "installed kpatch_a for kernel $KVER in $KPATCH_DATA_DIR/$KVER" ]
	cmp "$FAKE/kpatch-a.ko" "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko"
	[ "$(find "$KPATCH_DATA_DIR" -type f | wc -l)" -eq 1 ]
	run "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "$output" = "kpatch-a.ko is already installed for kernel $KVER" ]
}

@test "install: a different module of the same name is not overwritten" {
	mkdir -p "$FAKE/old" "$FAKE/new"
	fake_module "$FAKE/old/kpatch-a.ko" "$(vermagic_for "$KVER")"
	fake_module "$FAKE/new/kpatch_a.ko" "$(vermagic_for "$KVER") "
	"$KPATCH" install "$FAKE/old/kpatch-a.ko"
	run "$KPATCH" install "$FAKE/new/kpatch_a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch_a is already installed for kernel $KVER as $KPATCH_DATA_DIR/$KVER/kpatch-a.ko; uninstall it first" ]
	cmp "$FAKE/old/kpatch-a.ko" "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko"
}

@test "install: checks the module against the kernel it is installed for" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for 6.1.0-other)"
	run "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/kpatch-a.ko was built for kernel 6.1.0-other, not for $KVER; rebuild it for that kernel" ]
	[ ! -e "$KPATCH_DATA_DIR" ]
	run "$KPATCH" install -k 6.1.0-other "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ -f "$KPATCH_DATA_DIR/6.1.0-other/kpatch-a.ko" ]
	run "$KPATCH" install --kernel-version=6.1.0-third "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not for 6.1.0-third;"* ]]
}

@test "install: bad arguments are refused" {
	run "$KPATCH" install "$FAKE/none.ko"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/none.ko: no such file" ]
	fake_module "$FAKE/kpatch-a.o" "$(vermagic_for "$KVER")"
	run "$KPATCH" install "$FAKE/kpatch-a.o"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: $FAKE/kpatch-a.o is not a .ko file" ]
	run "$KPATCH" install -k ../etc "$FAKE/kpatch-a.o"
	[ "$status" -eq 1 ]
	[[ "$output" == *"install: invalid kernel version"* ]]
	run "$KPATCH" install
	[ "$status" -eq 1 ]
	[[ "$output" == *"install: missing patch module"* ]]
}

@test "install: without write access, says root is needed" {
	[ "$(id -u)" -eq 0 ] || skip "needs a directory only root can write"
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	chmod 644 "$FAKE/kpatch-a.ko"
	run as_user "$KPATCH" install "$FAKE/kpatch-a.ko"
	[ "$status" -eq 1 ]
	# One line, and no "installing" progress before it.
	[ "$output" = "kpatch: kpatch install needs root: cannot write into $FAKE: Permission denied" ]
	[ ! -e "$KPATCH_DATA_DIR" ]
	"$KPATCH" install "$FAKE/kpatch-a.ko"
	run as_user "$KPATCH" install -k 6.1.0-other "$FAKE/kpatch-a.ko" 2>&1
	[ "$output" = "kpatch: $FAKE/kpatch-a.ko was built for kernel $KVER, not for 6.1.0-other; rebuild it for that kernel" ]
}

@test "uninstall: without write access, says root is needed before any progress line" {
	[ "$(id -u)" -eq 0 ] || skip "needs a directory only root can write"
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	"$KPATCH" install "$FAKE/kpatch-a.ko"
	run as_user "$KPATCH" uninstall kpatch-a.ko
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch uninstall needs root: cannot write into $KPATCH_DATA_DIR/$KVER: Permission denied" ]
	[ -f "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko" ]
}

@test "uninstall: removes by file or module name, only for that kernel" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	"$KPATCH" install "$FAKE/kpatch-a.ko"
	run "$KPATCH" uninstall -k 6.1.0-other kpatch-a.ko
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch-a.ko is not installed for kernel 6.1.0-other" ]
	run "$KPATCH" uninstall kpatch_a
	[ "$status" -eq 0 ]
	[ "$output" = "uninstalling kpatch_a ($KVER)" ]
	[ ! -e "$KPATCH_DATA_DIR/$KVER/kpatch-a.ko" ]
	run "$KPATCH" uninstall kpatch-a.ko
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch-a.ko is not installed for kernel $KVER" ]
}

@test "uninstall: a path is refused; a loaded patch is said to stay loaded" {
	run "$KPATCH" uninstall /tmp/kpatch-a.ko
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: uninstall: give the patch name (e.g. kpatch-foo.ko), not a path" ]
	fake_core
	fake_patch kpatch_a 1
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	"$KPATCH" install "$FAKE/kpatch-a.ko"
	run "$KPATCH" uninstall kpatch-a.ko
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "kpatch_a stays loaded until 'kpatch unload kpatch_a'" ]
}

@test "list: says when the core is not loaded and nothing is installed" {
	run --separate-stderr as_user "$KPATCH" list
	[ "$status" -eq 0 ]
	# upstream kpatch's layout: an empty section is its header alone
	[ "$output" = "$(printf 'Loaded patch modules:\n\nInstalled patch modules:\n\nCurrently patched functions:')" ]
	# shellcheck disable=SC2154 # set by bats' run --separate-stderr
	[ "$stderr" = "kpatch: the kpatch core module is not loaded: no patch is loaded" ]
}

@test "list: loaded patches with state, installed ones per kernel" {
	fake_core
	fake_patch kpatch_b 0
	fake_patch kpatch_a 1
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")"
	fake_module "$FAKE/kpatch-c.ko" "$(vermagic_for 6.1.0-zz)"
	"$KPATCH" install "$FAKE/kpatch-a.ko"
	"$KPATCH" install -k 6.1.0-zz "$FAKE/kpatch-c.ko"
	run "$KPATCH" list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Loaded patch modules:" ]
	[ "${lines[1]}" = "kpatch_a [enabled]" ]
	[ "${lines[2]}" = "kpatch_b [disabled]" ]
	[ "${lines[3]}" = "Installed patch modules:" ]
	# installed patches by module name, as upstream prints them
	[ "${lines[4]}" = "kpatch_a ($KVER)" ] || [ "${lines[5]}" = "kpatch_a ($KVER)" ]
	[[ "$output" == *$'\n'"kpatch_c (6.1.0-zz)"$'\n'* ]]
	[ "${lines[6]}" = "Currently patched functions:" ]
	[[ "${lines[7]}" =~ ^OBJECT\ +FUNCTION\ +SYMPOS\ +PATCH$ ]]
	[[ "${lines[8]}" =~ ^vmlinux\ +cmdline_proc_show\ +0\ +kpatch_a$ ]]
	[ "${#lines[@]}" -eq 9 ]
}

@test "info: a loaded patch shows state, transition, objects and functions" {
	fake_core
	fake_patch kpatch_a 1
	run as_user "$KPATCH" info kpatch-a
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Patch: kpatch_a" ]
	[ "${lines[1]}" = "Loaded: yes, enabled" ]
	[ "${lines[2]}" = "Replace: yes" ]
	[ "${lines[3]}" = "Last transition: apply at 2025-11-23 12:13:20 UTC" ]
	[ "${lines[4]}" = "Last stop_machine window: 48213 ns" ]
	[[ "$output" == *"  ext4 deferred"* ]]
	[[ "$output" == *"  vmlinux cmdline_proc_show 0 0xffffffff81234560 0xffffffffc0001000 applied"* ]]
}

@test "info: an installed patch or a file shows its module info" {
	fake_module "$FAKE/kpatch-a.ko" "$(vermagic_for "$KVER")" kpatch_a
	"$KPATCH" install "$FAKE/kpatch-a.ko"
	run "$KPATCH" info kpatch_a
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "Loaded: no" ]
	[ "${lines[2]}" = "File: $KPATCH_DATA_DIR/$KVER/kpatch-a.ko" ]
	[[ "$output" == *"  vermagic=$KVER SMP"* ]]
	run "$KPATCH" info "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "File: $FAKE/kpatch-a.ko" ]
	run "$KPATCH" info kpatch_zz
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: kpatch_zz is not loaded and not installed for kernel $KVER" ]
}

@test "log: prints the core's timeline, or says the core is not loaded" {
	run "$KPATCH" log
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch: the kpatch core module is not loaded, so there is no patch timeline" ]
	fake_core
	printf '1763900000.000001 apply kpatch_a ok\n1763900001.5 revert kpatch_a ok' \
		>"$KPATCH_SYSFS/kernel/kpatch/timeline"
	run as_user "$KPATCH" log
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "1763900000.000001 apply kpatch_a ok" ]
	[ "${lines[1]}" = "1763900001.5 revert kpatch_a ok" ]
}
