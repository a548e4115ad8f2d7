# shellcheck shell=bash
# Helpers of the kpatch CLI unit tests: build the command, and fake what it
# reads (a sysfs tree, a data directory, module files with a .modinfo
# section) so every command and error path runs without a kernel. Loading
# into a real kernel is covered by test/guest/cli.bats.

KP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
export KPATCH=$KP_ROOT/kpatch/kpatch

# Build once per test file; the Makefile makes it a no-op when up to date.
cli_build() {
	make -s -C "$KP_ROOT/kpatch" >&2
}

# A world-readable scratch tree, so the tests that drop root can read it.
cli_setup() {
	FAKE=$(mktemp -d /tmp/kpatch-cli.XXXXXX)
	chmod 755 "$FAKE"
	export KPATCH_SYSFS=$FAKE/sys
	export KPATCH_DATA_DIR=$FAKE/data
	export KPATCH_MODULE_DIR=$FAKE/modules
	unset KPATCH_CORE_MODULE
	mkdir -p "$KPATCH_SYSFS/module" "$KPATCH_SYSFS/kernel"
	export KVER
	KVER=$(uname -r)
}

cli_teardown() {
	[ -n "${FAKE:-}" ] && rm -rf "$FAKE"
}

# fake_module OUT VERMAGIC [NAME [CHECKSUM]]: an ELF relocatable with a
# .modinfo section, as modpost writes it, and kpatch-build's
# .kpatch.checksum when CHECKSUM is given; enough for the checks done
# before loading.
fake_module() {
	local out=$1 vermagic=$2 name=${3:-} sum=${4:-} src
	src=$(mktemp "$FAKE/mod.XXXXXX")
	{
		printf '__attribute__((section(".modinfo"), used)) static const char a[] = "license=GPL";\n'
		printf '__attribute__((section(".modinfo"), used)) static const char b[] = "vermagic=%s";\n' "$vermagic"
		[ -n "$name" ] &&
			printf '__attribute__((section(".modinfo"), used)) static const char c[] = "name=%s";\n' "$name"
		[ -n "$sum" ] &&
			printf '__attribute__((section(".kpatch.checksum"), used)) static const char d[] = "%s";\n' "$sum"
	} >"$src.c"
	gcc -c -o "$out" "$src.c"
	rm -f "$src" "$src.c"
}

# The vermagic modpost writes for our kernel config, for a given release.
vermagic_for() {
	printf '%s SMP preempt mod_unload modversions ' "$1"
}

fake_core() {
	mkdir -p "$KPATCH_SYSFS/module/kpatch" "$KPATCH_SYSFS/kernel/kpatch"
	printf '%s\n' "${1:-0.1.0}" >"$KPATCH_SYSFS/module/kpatch/version"
	: >"$KPATCH_SYSFS/kernel/kpatch/timeline"
}

# fake_patch NAME ENABLED [CHECKSUM]: the sysfs view of a loaded patch
# (core contract).
fake_patch() {
	local d=$KPATCH_SYSFS/kernel/kpatch/$1
	mkdir -p "$d" "$KPATCH_SYSFS/module/$1"
	printf '%s\n' "$2" >"$d/enabled"
	printf '%s\n' "${3:-}" >"$d/checksum"
	printf '1\n' >"$d/replace"
	local state=applied
	[ "$2" = 1 ] || state=reverted
	printf 'vmlinux cmdline_proc_show 0 0xffffffff81234560 0xffffffffc0001000 %s\n' "$state" >"$d/functions"
	printf 'ext4 ext4_fill_super 0 0x0 0xffffffffc0001100 deferred\n' >>"$d/functions"
	printf 'vmlinux loaded\next4 deferred\n' >"$d/objects"
	printf '48213\n' >"$d/last_window_ns"
	printf 'apply 1763900000\n' >"$d/last_transition"
}

# timeline_load NAME...: "load NAME ok" events in that order (stack order).
timeline_load() {
	local n i=0
	for n in "$@"; do
		printf '17639000%02d.000001 load %s ok\n' "$i" "$n" >>"$KPATCH_SYSFS/kernel/kpatch/timeline"
		i=$((i + 1))
	done
}

# Run a command as an unprivileged user (when we are root) to see the
# "needs root" paths.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
