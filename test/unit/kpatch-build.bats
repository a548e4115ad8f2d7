#!/usr/bin/env bats
# shellcheck disable=SC2030,SC2031 # refused_fast sets $output/$status with run
# kpatch-build's options and input checks: each bad input is refused with a
# clear message before anything is built, within seconds, on an empty cache.
# refused_fast runs `run` for the tests that call it, so their status and
# output are set in that function's (the test's) shell, not lost; tests set
# globals (KB_LOG, PATCHES) that the sourced kpatch-build libraries read:
# shellcheck disable=SC2030,SC2031,SC2034

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	KB=$KP_ROOT/kpatch-build/kpatch-build
	TREE=$("$KP_ROOT/test/kernel/build-kernel.sh" --dir)
	export KPATCH_CACHE=$BATS_TEST_TMPDIR/cache
	PATCH=$KP_ROOT/examples/cmdline-string.patch
}

@test "kpatch-build -h prints the usage" {
	run "$KB" -h
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: kpatch-build"* ]]
	[[ "$output" == *"-R, --non-replace"* ]]
}

@test "kpatch-build --version prints the version" {
	run "$KB" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^kpatch-build\ [0-9]+\.[0-9]+ ]]
}

@test "kpatch-build's help names no development paths" {
	run "$KB" --help
	[[ "$output" != *test/* ]]
	[[ "$output" != *scripts/* ]]
	[[ "$output" != *kpatch-dev* ]]
}

@test "kpatch-build without a patch fails with the usage" {
	run "$KB"
	[ "$status" -ne 0 ]
	[[ "$output" == *"usage: kpatch-build"* ]]
}

@test "an unknown option is refused" {
	run "$KB" --frobnicate "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"unrecognized option"* ]]
}

@test "a missing patch file is named" {
	run "$KB" /nonexistent/foo.patch
	[ "$status" -ne 0 ]
	[[ "$output" == *"patch file /nonexistent/foo.patch not found"* ]]
}

@test "an empty patch file is refused" {
	: >"$BATS_TEST_TMPDIR/empty.patch"
	run "$KB" "$BATS_TEST_TMPDIR/empty.patch"
	[ "$status" -ne 0 ]
	[[ "$output" == *"is empty"* ]]
}

@test "-j takes a positive number" {
	run "$KB" -j zero "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"-j needs a positive number"* ]]
}

@test "a missing source directory is named" {
	run "$KB" -s /nonexistent/linux "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"source directory /nonexistent/linux not found"* ]]
}

@test "a config without ftrace with regs is refused, naming the option" {
	[ -f "$TREE/.config" ] || skip "test kernel not built"
	grep -v '^CONFIG_DYNAMIC_FTRACE_WITH_REGS=' "$TREE/.config" >"$BATS_TEST_TMPDIR/config"
	run "$KB" -s "$TREE" -c "$BATS_TEST_TMPDIR/config" "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"unsupported kernel config: CONFIG_DYNAMIC_FTRACE_WITH_REGS"* ]]
}

@test "a vmlinux built by another compiler is refused unless the check is skipped" {
	[ -f "$TREE/.config" ] || skip "test kernel not built"
	# a kernel-like image (the kind is checked first) from another gcc
	fake_vmlinux "Linux version 6.1.0 (x@y) (gcc) #1 SMP"
	printf 'GCC: (Other 9.9.9) 9.9.9\0' >"$BATS_TEST_TMPDIR/comment"
	objcopy --remove-section .comment \
		--add-section .comment="$BATS_TEST_TMPDIR/comment" \
		"$BATS_TEST_TMPDIR/vmlinux" "$BATS_TEST_TMPDIR/vmlinux.other"
	run "$KB" -s "$TREE" -v "$BATS_TEST_TMPDIR/vmlinux.other" "$PATCH"
	[ "$status" -ne 0 ]
	[[ "$output" == *"compiler mismatch"*"Other 9.9.9"* ]]
}

# refused_fast CMD...: the run fails within 30 s and builds no tree.
refused_fast() {
	local start=$SECONDS
	run "$@"
	echo "$output"
	echo "took $((SECONDS - start)) s"
	[ "$status" -ne 0 ]
	[ $((SECONDS - start)) -lt 30 ]
	[ ! -d "$KPATCH_CACHE/kpatch-build/trees" ]
	# one line saying why, always
	[[ "$output" == *"kpatch-build: error: "* ]]
}

# A small x86_64 executable with symbols and a Linux banner of VERSION.
fake_vmlinux() {
	printf 'const char linux_banner[] = "%s";\nvoid _start(void) {}\n' "$1" >"$BATS_TEST_TMPDIR/v.c"
	gcc -nostdlib -static -o "$BATS_TEST_TMPDIR/vmlinux" "$BATS_TEST_TMPDIR/v.c"
}

@test "-n names the module as upstream does (characters replaced, 48 at most)" {
	run "$KB" -n 'my fix!' -s /nonexistent/linux "$PATCH"
	[[ "$output" == *"building my-fix-;"* ]]
	run "$KB" -n "$(printf 'x%.0s' $(seq 1 60))" -s /nonexistent/linux "$PATCH"
	[[ "$output" == *"building $(printf 'x%.0s' $(seq 1 48));"* ]]
	run "$KB" -s /nonexistent/linux "$PATCH"
	[[ "$output" == *"building kpatch-cmdline-string;"* ]]
}

@test "CACHEDIR is kpatch-build's cache, as upstream" {
	run env CACHEDIR="$BATS_TEST_TMPDIR/upstream" "$KB" -s /nonexistent/linux "$PATCH"
	[[ "$output" == *"full log: $BATS_TEST_TMPDIR/upstream/logs/"* ]]
	[ -d "$BATS_TEST_TMPDIR/upstream/logs" ]
}

@test "a file that is not a patch is refused" {
	echo "hello" >"$BATS_TEST_TMPDIR/not.patch"
	refused_fast "$KB" -s "$TREE" "$BATS_TEST_TMPDIR/not.patch"
	[[ "$output" == *"is not a patch"* ]]
}

@test "a patch with a failing hunk is refused before any build, naming the hunk" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	sed 's/saved_command_line);$/no_such_line);/' "$PATCH" >"$BATS_TEST_TMPDIR/bad.patch"
	refused_fast "$KB" -s "$TREE" -o "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/bad.patch"
	[[ "$output" == *"does not apply to $TREE"* ]]
	[[ "$output" == *"FAILED"* ]]
}

@test "a patch to a file that is not in the tree is refused before any build" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	sed 's|fs/proc/cmdline.c|fs/proc/no-such-file.c|' "$PATCH" >"$BATS_TEST_TMPDIR/bad.patch"
	refused_fast "$KB" -s "$TREE" -o "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/bad.patch"
	[[ "$output" == *"does not apply"* ]]
	[[ "$output" == *"no-such-file.c"* ]]
}

@test "a second patch that does not apply on top of the first is refused" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	refused_fast "$KB" -s "$TREE" -o "$BATS_TEST_TMPDIR" "$PATCH" "$PATCH"
	[[ "$output" == *"does not apply"* ]]
}

@test "-v that is not an ELF file is refused" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	echo "not elf" >"$BATS_TEST_TMPDIR/vmlinux"
	refused_fast "$KB" -s "$TREE" -v "$BATS_TEST_TMPDIR/vmlinux" "$PATCH"
	[[ "$output" == *"$BATS_TEST_TMPDIR/vmlinux is not an ELF file"* ]]
}

@test "-v of another kernel version than the source is refused, naming both" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	fake_vmlinux "Linux version 6.1.999 (x@y) (gcc) #1 SMP"
	refused_fast "$KB" -s "$TREE" -v "$BATS_TEST_TMPDIR/vmlinux" "$PATCH"
	[[ "$output" == *"source/vmlinux mismatch: $BATS_TEST_TMPDIR/vmlinux is Linux 6.1.999, the source $TREE is 6.1."* ]]
}

@test "-v that is not a kernel is refused" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	printf 'void _start(void) {}\n' >"$BATS_TEST_TMPDIR/v.c"
	gcc -nostdlib -static -o "$BATS_TEST_TMPDIR/vmlinux" "$BATS_TEST_TMPDIR/v.c"
	refused_fast "$KB" -s "$TREE" -v "$BATS_TEST_TMPDIR/vmlinux" "$PATCH"
	[[ "$output" == *"has no Linux version banner"* ]]
}

@test "a Debian vmlinux whose linux-source-6.1 version is not available is refused, naming both" {
	[ -f "$TREE/.config" ] || skip "test kernel not built"
	command -v apt-get >/dev/null || skip "not Debian"
	fake_vmlinux "Linux version 6.1.0-99-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP PREEMPT_DYNAMIC Debian 6.1.999-9 (2030-01-01)"
	refused_fast "$KB" -c "$TREE/.config" -v "$BATS_TEST_TMPDIR/vmlinux" "$PATCH"
	[[ "$output" == *"source/vmlinux mismatch: $BATS_TEST_TMPDIR/vmlinux is Debian 6.1.999-9, the installed linux-source-6.1 is "*"the archive has no linux-source-6.1 6.1.999-9"* ]]
}

@test "--archversion is incompatible with --vmlinux and --sourcedir, as upstream" {
	refused_fast "$KB" -a 6.1.0-1-amd64 -v /bin/true "$PATCH"
	[[ "$output" == *"--archversion is incompatible with --vmlinux"* ]]
	refused_fast "$KB" -a 6.1.0-1-amd64 -s "$TREE" "$PATCH"
	[[ "$output" == *"--archversion is incompatible with --sourcedir"* ]]
}

@test "--archversion names the default vmlinux" {
	refused_fast "$KB" -a 6.1.0-99-cloud-amd64 "$PATCH"
	[[ "$output" == *"/usr/lib/debug/boot/vmlinux-6.1.0-99-cloud-amd64 not found"*"linux-image-6.1.0-99-cloud-amd64-dbg"* ]]
}

@test "-o that is a file, or cannot be created, is refused" {
	touch "$BATS_TEST_TMPDIR/file"
	refused_fast "$KB" -s "$TREE" -o "$BATS_TEST_TMPDIR/file" "$PATCH"
	[[ "$output" == *"output $BATS_TEST_TMPDIR/file is not a directory"* ]]
	refused_fast "$KB" -s "$TREE" -o "$BATS_TEST_TMPDIR/file/sub" "$PATCH"
	[[ "$output" == *"cannot create the output directory $BATS_TEST_TMPDIR/file/sub"* ]]
}

@test "a missing tool is named before anything runs" {
	local bin=$BATS_TEST_TMPDIR/bin f
	mkdir -p "$bin"
	for f in /usr/bin/* /bin/*; do
		case $(basename "$f") in rsync) continue ;; esac
		[ -e "$bin/$(basename "$f")" ] || ln -s "$f" "$bin/$(basename "$f")"
	done
	refused_fast env PATH="$bin" "$KB" -s "$TREE" "$PATCH"
	[[ "$output" == *"required tool 'rsync' not found"* ]]
}

@test "--oot-module needs --oot-module-src, as upstream" {
	refused_fast "$KB" --oot-module /nonexistent.ko "$PATCH"
	[[ "$output" == *"--oot-module requires --oot-module-src"* ]]
}

# Sources kpatch-build's libraries for a function-level test.
kb_lib() {
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/common.sh"
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/source.sh"
}

@test "the cache key's kernel version is the same under make -C (no Entering-directory lines)" {
	[ -f "$TREE/Makefile" ] || skip "test kernel not built"
	kb_lib
	local plain nested
	plain=$(kb_kernel_version "$TREE")
	# As `make -C test/boot check` runs it: a make started with -C.
	printf 'all:\n\t@bash -c ". %s/kpatch-build/lib/source.sh; kb_kernel_version %s" >%s/v\n' \
		"$KP_ROOT" "$TREE" "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/Makefile"
	make -C "$BATS_TEST_TMPDIR" >/dev/null
	nested=$(cat "$BATS_TEST_TMPDIR/v")
	[[ "$plain" =~ ^6\.1\.[0-9]+$ ]]
	[ "$nested" = "$plain" ]
}

@test "a signing key kept outside the source is replaced by a generated one; others are kept" {
	kb_lib
	local d=$BATS_TEST_TMPDIR/tree
	mkdir -p "$d/certs"
	printf 'CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_KEY="output/signing_key.pem"\n' >"$d/.config"
	run kb_local_signing_key "$d/.config"
	[ "$status" -eq 0 ]
	[[ "$output" == *"output/signing_key.pem (CONFIG_MODULE_SIG_KEY) is not in the source"* ]]
	grep -qx 'CONFIG_MODULE_SIG_KEY="certs/signing_key.pem"' "$d/.config"
	printf 'CONFIG_MODULE_SIG_KEY="certs/own.pem"\n' >"$d/.config"
	touch "$d/certs/own.pem"
	run kb_local_signing_key "$d/.config"
	[ -z "$output" ]
	grep -qx 'CONFIG_MODULE_SIG_KEY="certs/own.pem"' "$d/.config"
	printf 'CONFIG_MODULE_SIG_KEY="pkcs11:token=x"\n' >"$d/.config"
	run kb_local_signing_key "$d/.config"
	grep -qx 'CONFIG_MODULE_SIG_KEY="pkcs11:token=x"' "$d/.config"
}

@test "a revert that fails marks the cached tree for rebuild; one that works restores the objects" {
	kb_lib
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/build.sh"
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/fast.sh"
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/lines.sh"
	local d=$BATS_TEST_TMPDIR/trees/k
	# shellcheck disable=SC2034 # read by the sourced functions
	KB_TREE=$d/src KB_LOG=$BATS_TEST_TMPDIR/log KB_WORK=$BATS_TEST_TMPDIR/work
	mkdir -p "$KB_TREE/fs" && touch "$d/.prepared"
	printf 'a\nb\nc\n' >"$KB_TREE/fs/x.c"
	printf -- '--- a/fs/x.c\n+++ b/fs/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n' >"$BATS_TEST_TMPDIR/p.patch"
	# shellcheck disable=SC2034
	PATCHES=("$BATS_TEST_TMPDIR/p.patch")
	kb_apply_patches >/dev/null
	grep -qx B "$KB_TREE/fs/x.c"
	# the patched build replaced fs/x.o; its original was saved
	mkdir -p "$d/state/cc/orig/fs"
	echo orig >"$d/state/cc/orig/fs/x.o"
	echo patched >"$KB_TREE/fs/x.o"
	echo fs/x.o >"$d/state/cc/changed-objects"
	kb_revert_patches
	grep -qx b "$KB_TREE/fs/x.c"
	grep -qx orig "$KB_TREE/fs/x.o"
	[ "$KB_TREE/fs/x.o" -nt "$KB_TREE/fs/x.c" ]
	[ -f "$d/.prepared" ]
	# now a revert that cannot work: the file changed under the patch
	kb_apply_patches >/dev/null
	printf 'z\n' >"$KB_TREE/fs/x.c"
	run kb_revert_patches
	echo "$output"
	[[ "$output" == *"reverting the patches failed; the cached tree will be rebuilt"* ]]
	[ ! -f "$d/.prepared" ]
}

@test "without HOME the cache is under the user's home from passwd, not an unbound-variable error" {
	run env -u HOME -u KPATCH_CACHE -u XDG_CACHE_HOME -u CACHEDIR "$KB" -n kpatch-test-nohome \
		-s "$BATS_TEST_TMPDIR/none" "$PATCH"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" != *"unbound variable"* ]]
	home=$(getent passwd "$(id -u)" | cut -d: -f6)
	[[ "$output" == *"full log: $home/.cache/kpatch-dev/kpatch-build/logs/kpatch-test-nohome.log"* ]]
	[[ "$output" == *"error: source directory $BATS_TEST_TMPDIR/none not found"* ]]
	rm -f "$home/.cache/kpatch-dev/kpatch-build/logs/kpatch-test-nohome.log"
}

@test "an unusable TMPDIR gets its own error line" {
	refused_fast env TMPDIR="$BATS_TEST_TMPDIR/none" "$KB" -s "$TREE" "$PATCH"
	[[ "$output" == *"error: cannot create a scratch directory in $BATS_TEST_TMPDIR/none (TMPDIR)"* ]]
}

@test "-o NEWDIR is not left behind when the patch does not apply" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	sed 's/saved_command_line);$/no_such_line);/' "$PATCH" >"$BATS_TEST_TMPDIR/bad.patch"
	mkdir "$BATS_TEST_TMPDIR/keep"
	refused_fast "$KB" -s "$TREE" -o "$BATS_TEST_TMPDIR/keep/new/out" "$BATS_TEST_TMPDIR/bad.patch"
	[[ "$output" == *"does not apply"* ]]
	[ -d "$BATS_TEST_TMPDIR/keep" ]
	[ ! -e "$BATS_TEST_TMPDIR/keep/new" ]
}

@test "-v of an ELF program that is not a kernel says so before any compiler check" {
	[ -f "$TREE/vmlinux" ] || skip "test kernel not built"
	refused_fast "$KB" -s "$TREE" -v /bin/ls "$PATCH"
	[[ "$output" == *"error: /usr/bin/ls is not an x86_64 vmlinux"* || "$output" == *"error: /bin/ls is not an x86_64 vmlinux"* ]]
	[[ "$output" != *"compiler"* ]]
}

@test "an unreadable patch is named as such, with no awk error before it" {
	command -v setpriv >/dev/null || skip "no setpriv"
	[ "$(id -u)" -eq 0 ] || skip "needs root to switch to nobody"
	d=$(mktemp -d /tmp/kpatch-unreadable.XXXXXX)
	chmod 755 "$d"
	cp "$PATCH" "$d/p.patch"
	chmod 000 "$d/p.patch"
	mkdir -m 777 "$d/cache"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env CACHEDIR="$d/cache" "$KB" -s "$TREE" "$d/p.patch"
	rm -rf "$d"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "kpatch-build: error: patch file $d/p.patch is not readable (permission denied)" ]
}

# lines_lib: the libraries kb_apply_patches and the #line directives need.
lines_lib() {
	kb_lib
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/build.sh"
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/fast.sh"
	# shellcheck source=/dev/null
	. "$KP_ROOT/kpatch-build/lib/lines.sh"
	KB_LOG=$BATS_TEST_TMPDIR/log KB_WORK=$BATS_TEST_TMPDIR/work
	mkdir -p "$KB_WORK"
}

# line_program FILE: FILE built and run, printing the __LINE__ of each of
# its functions f, g and h.
line_program() {
	gcc -Wall -Werror -o "$BATS_TEST_TMPDIR/prog" "$1" && "$BATS_TEST_TMPDIR/prog"
}

@test "#line directives: unchanged lines after a hunk keep their numbers, past macro continuations and comments" {
	lines_lib
	local t=$BATS_TEST_TMPDIR
	cat >"$t/orig.c" <<'C'
#include <stdio.h>
static int f(void) { return __LINE__; }
#define M(x) \
	((x) + \
	 1)
static int g(void)
{
	/* a comment
	 * in two lines */
	return __LINE__ + M(0) - 1;
}
static int h(void) { return __LINE__; }
int main(void) { printf("%d %d %d\n", f(), g(), h()); return 0; }
C
	# a blank line at the top, a line in the macro, one in the comment
	cat >"$t/patched.c" <<'C'

#include <stdio.h>
static int f(void) { return __LINE__; }
#define M(x) \
	((x) + \
	 0 + \
	 1)
static int g(void)
{
	/* a comment
	 * now
	 * in three lines */
	return __LINE__ + M(0) - 1;
}
static int h(void) { return __LINE__; }
int main(void) { printf("%d %d %d\n", f(), g(), h()); return 0; }
C
	diff -U0 "$t/orig.c" "$t/patched.c" >"$t/hunks" || true
	kb_number_lines "$t/hunks" "$t/patched.c" >"$t/numbered.c"
	cat -n "$t/numbered.c"
	[ "$(line_program "$t/patched.c")" != "$(line_program "$t/orig.c")" ]
	[ "$(line_program "$t/numbered.c")" = "$(line_program "$t/orig.c")" ]
	# never inside the macro or the comment: after the line that ends each
	[ "$(grep -c '^#line ' "$t/numbered.c")" -eq 3 ]
	[ "$(grep -A1 '^	 1)$' "$t/numbered.c" | tail -n 1)" = "#line 6" ]
	[ "$(grep -A1 'in three lines' "$t/numbered.c" | tail -n 1)" = "#line 10" ]
	# without the directives the file is the patched one
	diff <(grep -v '^#line ' "$t/numbered.c") "$t/patched.c"
}

@test "#line directives: none when no hunk shifts lines, and never between the lines of a macro" {
	lines_lib
	local t=$BATS_TEST_TMPDIR
	printf 'int a = 1;\nint b = 2;\n' >"$t/orig.c"
	printf 'int a = 3;\nint b = 2;\n' >"$t/patched.c"
	diff -U0 "$t/orig.c" "$t/patched.c" >"$t/hunks" || true
	[ "$(kb_number_lines "$t/hunks" "$t/patched.c")" = "$(cat "$t/patched.c")" ]
	: >"$t/hunks"
	[ "$(kb_number_lines "$t/hunks" "$t/patched.c")" = "$(cat "$t/patched.c")" ]
	# the added line is followed by a macro to the end of the file
	printf '#define X \\\n\t1\n' >"$t/orig.c"
	printf 'int c;\n#define X \\\n\t1\n' >"$t/patched.c"
	diff -U0 "$t/orig.c" "$t/patched.c" >"$t/hunks" || true
	run kb_number_lines "$t/hunks" "$t/patched.c"
	[ "$output" = "$(printf 'int c;\n#line 1\n#define X \\\n\t1')" ]
	printf 'int c;\n#define X \\\n\t1\n' >"$t/orig.c"
	printf '#define X \\\n\t2 + \\\n\t1\n' >"$t/patched.c"
	diff -U0 "$t/orig.c" "$t/patched.c" >"$t/hunks" || true
	run kb_number_lines "$t/hunks" "$t/patched.c"
	# the deletion gets one; the line added inside the macro none
	[ "$output" = "$(printf '#line 2\n'; cat "$t/patched.c")" ]
}

@test "#line directives are applied after the patches and reverted first: the tree's file is restored exactly" {
	lines_lib
	local d=$BATS_TEST_TMPDIR/trees/k orig
	KB_TREE=$d/src
	mkdir -p "$KB_TREE/fs" && touch "$d/.prepared"
	printf 'int a;\nint f(void) { return __LINE__; }\n' >"$KB_TREE/fs/x.c"
	printf 'unchanged\n' >"$KB_TREE/fs/y.h"
	orig=$(sha256sum "$KB_TREE/fs/x.c" "$KB_TREE/fs/y.h")
	printf -- '--- a/fs/x.c\n+++ b/fs/x.c\n@@ -1,2 +1,3 @@\n+\n int a;\n int f(void) { return __LINE__; }\n' >"$BATS_TEST_TMPDIR/p.patch"
	printf -- '--- a/fs/y.h\n+++ b/fs/y.h\n@@ -1 +1,2 @@\n+\n unchanged\n' >>"$BATS_TEST_TMPDIR/p.patch"
	PATCHES=("$BATS_TEST_TMPDIR/p.patch")
	kb_apply_patches >/dev/null
	cat "$KB_TREE/fs/x.c"
	[ "$(sed -n 2p "$KB_TREE/fs/x.c")" = "#line 1" ]
	[ "$(gcc -E -P "$KB_TREE/fs/x.c" | grep return)" = "int f(void) { return 2; }" ]
	# headers are left alone (a .c only)
	[ "$(grep -c '^#line' "$KB_TREE/fs/y.h")" -eq 0 ]
	[ -f "$d/state/applied/line-directives.patch" ]
	kb_revert_patches
	[ "$(cd / && sha256sum "$KB_TREE/fs/x.c" "$KB_TREE/fs/y.h")" = "$orig" ]
	[ ! -d "$d/state/applied" ]
	[ -f "$d/.prepared" ]
}

@test "a kernel series the differ does not know yet (6.12) is refused by name before anything is built" {
	[ -f "$TREE/.config" ] || skip "test kernel not built"
	fake_vmlinux "Linux version 6.12.118+deb12-cloud-amd64 (debian-kernel@lists.debian.org) (x86_64-linux-gnu-gcc-12) #1 SMP PREEMPT_DYNAMIC Debian 6.12.118-1~deb12u1 (2026-11-20)"
	refused_fast "$KB" -c "$TREE/.config" -v "$BATS_TEST_TMPDIR/vmlinux" "$PATCH"
	[[ "$output" == *"error: Linux 6.12.118+deb12-cloud-amd64: kpatch-build builds patches for Linux 6.1 only so far"* ]]
}
