# shellcheck shell=bash
# kpatch-build: input checks that run before anything is built, so that bad
# input is refused in seconds, each with the cause named.

# kb_check_patch_file FILE: present, not empty, and a unified diff.
kb_check_patch_file() {
	local p=$1
	[ -f "$p" ] || kb_die "patch file $p not found"
	[ -r "$p" ] || kb_die "patch file $p is not readable (permission denied)"
	[ -s "$p" ] || kb_die "patch file $p is empty"
	awk 'prev ~ /^--- / && /^\+\+\+ / { found = 1; exit } { prev = $0 } END { exit !found }' "$p" ||
		kb_die "$p is not a patch (no '--- a/FILE' / '+++ b/FILE' header of a unified diff)"
}

# The output directory is created if needed and must be writable.
kb_check_output() {
	OUTDIR=$(realpath -m "$OUTDIR")
	if [ -e "$OUTDIR" ] && [ ! -d "$OUTDIR" ]; then
		kb_die "output $OUTDIR is not a directory (-o)"
	fi
	if [ ! -e "$OUTDIR" ]; then
		KB_OUT_CREATED=$OUTDIR
		while [ ! -e "$(dirname "$KB_OUT_CREATED")" ]; do
			KB_OUT_CREATED=$(dirname "$KB_OUT_CREATED")
		done
	fi
	mkdir -p "$OUTDIR" 2>/dev/null || kb_die "cannot create the output directory $OUTDIR (-o)"
	{ [ -w "$OUTDIR" ] && [ -x "$OUTDIR" ]; } || kb_die "output directory $OUTDIR is not writable (-o)"
}

kb_check_elf() {
	local f=$1
	readelf -h "$f" >/dev/null 2>&1 || kb_die "$f is not an ELF file"
}

# The banner linked into every kernel: "Linux version RELEASE (...) ...".
kb_vmlinux_banner() {
	LC_ALL=C grep -a -o -m 1 'Linux version [0-9][^[:cntrl:]]*' "$1" 2>/dev/null | head -n 1 || true
}

kb_vmlinux_release() {
	kb_vmlinux_banner "$1" | awk '{ print $3 }'
}

# VMLINUX must be an x86_64 kernel with a symbol table, and the kernel the
# source is for: the -s tree's version, -a's release, or the Debian package
# version whose linux-source-6.1 is used.
# kb_check_vmlinux_kind FILE: an x86_64 kernel image with symbols, checked
# before anything reads its compiler or version, so that a wrong file is
# named as such and not as a compiler mismatch.
kb_check_vmlinux_kind() {
	local f=$1 h
	kb_check_elf "$f"
	h=$(readelf -h "$f" 2>/dev/null)
	{ grep -q 'Type:[[:space:]]*EXEC' <<<"$h" && grep -q 'X86-64' <<<"$h"; } ||
		kb_die "$f is not an x86_64 vmlinux (ELF type and machine: $(awk '/Type:|Machine:/ { $1 = ""; printf "%s;", $0 }' <<<"$h"))"
	readelf -S --wide "$f" 2>/dev/null | grep ' \.symtab ' >/dev/null ||
		kb_die "$f has no symbol table (stripped? use the vmlinux with symbols)"
	[ -n "$(kb_vmlinux_release "$f")" ] || kb_die "$f has no Linux version banner: not a kernel image"
}

kb_check_vmlinux() {
	local rel ver
	rel=$(kb_vmlinux_release "$VMLINUX")
	if [ -n "$ARCHVERSION" ] && [ "$rel" != "$ARCHVERSION" ]; then
		kb_die "vmlinux/kernel mismatch: $VMLINUX is Linux $rel, --archversion says $ARCHVERSION"
	fi
	if [ -n "$SRCDIR" ]; then
		ver=$(kb_kernel_version "$SRCDIR")
		[[ "$rel" == "$ver" || "$rel" == "$ver"[!0-9]* ]] ||
			kb_die "source/vmlinux mismatch: $VMLINUX is Linux $rel, the source $SRCDIR is $ver"
	elif [ -z "$KB_OOT_MODULE" ]; then
		kb_debian_source
	fi
}

# Every tool a run needs, before the first one is used.
kb_check_tools() {
	kb_need_tool gcc make ld readelf nm objcopy patch rsync flock tar xz awk sed sha256sum getopt
	{ [ -x "$KB_TOOLS/create-diff-object" ] && [ -x "$KB_TOOLS/create-kpatch-module" ]; } ||
		kb_die "create-diff-object or create-kpatch-module not found in $KB_TOOLS (kpatch-build is not built or not installed completely)"
}

# The patches must apply before anything is built: against the -s tree or
# the out-of-tree module's source as given, or the source tarball when the
# cached tree does not exist yet (a prepared tree is checked under its lock).
kb_early_dry_run() {
	local key
	if [ -n "$KB_OOT_SRC" ]; then
		kb_dry_run_patches "$(kb_patch_sandbox "$KB_OOT_SRC")" "$KB_OOT_SRC" "the module source"
	elif [ -n "$SRCDIR" ]; then
		kb_dry_run_patches "$(kb_patch_sandbox "$SRCDIR")" "$SRCDIR" "the source tree"
	else
		key=$(kb_cache_key)
		[ -f "$KB_CACHE/trees/$key/.prepared" ] ||
			kb_dry_run_patches "$(kb_tarball_sandbox)" "linux-source-6.1 $KB_SRC_VERSION" "the source tarball"
	fi
}

# kb_check_series: the target kernel must be a series create-diff-object
# knows. Linux 6.12's code generation (__pfx_ padding symbols, call-depth
# thunks and .call_sites, a 14-byte alt_instr) is not handled yet, and a
# differ that does not know a section cannot prove a patch right.
kb_check_series() {
	case "$KB_KREL" in
	6.1.* | 6.1-* | 6.1) ;;
	*) kb_die "Linux $KB_KREL: kpatch-build builds patches for Linux 6.1 only so far (kpatch.ko itself runs on 6.1 and 6.12); create-diff-object does not yet know this series' code generation, so no patch is built" ;;
	esac
}
