# shellcheck shell=bash
# kpatch-build: find the target kernel's source, config and vmlinux, check
# the compiler, and prepare the cached build tree.

# Defaults for the running kernel (or the release -a names); a built -s tree
# supplies its own .config and vmlinux (that is how the test kernel is
# targeted). Sets KB_KREL, the target kernel release.
kb_resolve_inputs() {
	if [ -n "$ARCHVERSION" ]; then
		[ -z "$VMLINUX" ] || kb_die "--archversion is incompatible with --vmlinux"
		[ -z "$SRCDIR" ] || kb_die "--archversion is incompatible with --sourcedir"
	fi
	if [ -n "$SRCDIR" ]; then
		[ -d "$SRCDIR" ] || kb_die "source directory $SRCDIR not found"
		SRCDIR=$(cd "$SRCDIR" && pwd)
		{ [ -f "$SRCDIR/Makefile" ] && [ -d "$SRCDIR/kernel" ]; } ||
			kb_die "$SRCDIR does not look like a kernel source tree"
		[ -n "$CONFIGFILE" ] || [ ! -f "$SRCDIR/.config" ] || CONFIGFILE=$SRCDIR/.config
		[ -n "$VMLINUX" ] || [ ! -f "$SRCDIR/vmlinux" ] || VMLINUX=$SRCDIR/vmlinux
		[ -n "$VMLINUX" ] || kb_die "no vmlinux in $SRCDIR: build it, or name the target's with -v"
	else
		[ -n "$KB_OOT_MODULE" ] || kb_debian_installed_tarball ||
			kb_die "no -s SRCDIR given and $KB_DEBIAN_TARBALL not found (apt-get install linux-source-6.1)"
	fi
	if [ -n "$VMLINUX" ]; then
		[ -f "$VMLINUX" ] || kb_die "vmlinux $VMLINUX not found"
		kb_check_vmlinux_kind "$VMLINUX"
		KB_KREL=$(kb_vmlinux_release "$VMLINUX")
	else
		KB_KREL=${ARCHVERSION:-$(uname -r)}
		VMLINUX=/usr/lib/debug/boot/vmlinux-$KB_KREL
		[ -f "$VMLINUX" ] || kb_die "vmlinux $VMLINUX not found: linux-image-$KB_KREL-dbg is not installed (or name a vmlinux with -v)"
		kb_check_vmlinux_kind "$VMLINUX"
	fi
	if [ -z "$CONFIGFILE" ]; then
		CONFIGFILE=/boot/config-$KB_KREL
		[ -f "$CONFIGFILE" ] || [ ! -f "/usr/src/linux-headers-$KB_KREL/.config" ] ||
			CONFIGFILE=/usr/src/linux-headers-$KB_KREL/.config
	fi
	[ -f "$CONFIGFILE" ] || kb_die "kernel config $CONFIGFILE not found (use -c)"
	CONFIGFILE=$(realpath "$CONFIGFILE")
	VMLINUX=$(realpath "$VMLINUX")
}

# Options a patch module needs from the target kernel.
kb_check_config() {
	local opt
	for opt in CONFIG_MODULES CONFIG_MODULE_UNLOAD CONFIG_FUNCTION_TRACER \
		CONFIG_DYNAMIC_FTRACE_WITH_REGS CONFIG_KALLSYMS_ALL CONFIG_X86_64; do
		grep -q "^$opt=y" "$CONFIGFILE" ||
			kb_die "unsupported kernel config: $opt is not set in $CONFIGFILE"
	done
}

# The compiler must be the one that built the target (its .comment says).
kb_check_compiler() {
	local want have
	[ "$SKIP_COMPILER_CHECK" -eq 1 ] && return 0
	want=$(readelf -p .comment "$VMLINUX" 2>/dev/null | grep -o 'GCC: .*' | head -n 1) || true
	have="GCC: $(gcc --version | head -n 1 | sed 's/^[^ ]* //')"
	[ -n "$want" ] || kb_die "cannot read the compiler version from $VMLINUX (.comment)"
	[ "$want" = "$have" ] ||
		kb_die "compiler mismatch: $VMLINUX was built by '$want', this gcc is '$have' (--skip-compiler-check to override)"
}

# Under an outer `make -C` the inherited MAKEFLAGS would add "Entering
# directory" lines, and with them a different cache key.
kb_kernel_version() {
	local tree=$1
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
		make -s --no-print-directory -C "$tree" kernelversion 2>/dev/null
}

# The cache key: where the source came from, the config and the compiler.
kb_cache_key() {
	local origin
	if [ -n "$SRCDIR" ]; then
		origin="$SRCDIR $(kb_kernel_version "$SRCDIR")"
	else
		# The installed tarball's path whatever copy is used: the key of a
		# tree built from the installed linux-source-6.1 stays the same.
		origin="$KB_DEBIAN_TARBALL $KB_SRC_VERSION"
	fi
	{
		printf '%s\n' "$origin"
		grep -v '^#' "$CONFIGFILE" | sort
		gcc --version | head -n 1
	} | sha256sum | cut -c1-16
}

# Copy the sources (not the build products) of SRCDIR, or unpack Debian's.
kb_copy_source() {
	local dest=$1
	mkdir -p "$dest"
	if [ -n "$SRCDIR" ]; then
		kb_run rsync -a --delete \
			--exclude='*.o' --exclude='*.ko' --exclude='*.a' --exclude='.*.cmd' \
			--exclude='*.mod' --exclude='*.mod.c' --exclude='/vmlinux' --exclude='/vmlinux.*' \
			--exclude='.tmp_*' --exclude='*.order' --exclude='Module.symvers' \
			--exclude='.git' "$SRCDIR/" "$dest/" ||
			kb_die "copying $SRCDIR failed"
	else
		kb_run tar -xf "$KB_SRC_TARBALL" -C "$dest" --strip-components=1 ||
			kb_die "unpacking $KB_SRC_TARBALL failed"
	fi
	kb_run make -C "$dest" mrproper || kb_die "make mrproper in the cached tree failed"
	cp "$CONFIGFILE" "$dest/.config"
	kb_local_signing_key "$dest/.config"
	kb_run make -C "$dest" olddefconfig || kb_die "make olddefconfig failed"
}

# Distribution configs name a module-signing key kept outside the source
# (Debian: output/signing_key.pem). The key only feeds certs/, never code a
# patch can change, so the cached tree signs with a key kbuild generates.
kb_local_signing_key() {
	local config=$1 key
	key=$(sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"$/\1/p' "$config")
	[ -n "$key" ] || return 0
	case $key in
	certs/signing_key.pem | pkcs11:*) return 0 ;;
	esac
	[ -f "$(dirname "$config")/$key" ] && return 0
	kb_say "note: $key (CONFIG_MODULE_SIG_KEY) is not in the source; the cached tree generates its own"
	sed -i 's|^CONFIG_MODULE_SIG_KEY=.*|CONFIG_MODULE_SIG_KEY="certs/signing_key.pem"|' "$config"
}

# Sets KB_TREE to the cached tree; creates it on first use.
kb_prepare_tree() {
	local key dir
	key=$(kb_cache_key)
	dir=$KB_CACHE/trees/$key
	KB_TREE=$dir/src
	mkdir -p "$dir"
	exec 8>"$dir/.lock"
	flock -n 8 || {
		kb_say "waiting for another kpatch-build using $dir"
		flock 8
	}
	if [ ! -f "$dir/.prepared" ]; then
		kb_step "preparing the source tree in $dir"
		rm -rf "$KB_TREE"
		kb_copy_source "$KB_TREE"
		touch "$dir/.prepared"
	fi
	# A tree a killed run left patched is restored before anything else.
	kb_restore_tree
	if [ ! -f "$dir/.prepared" ]; then
		kb_say "the cached tree was marked for rebuild; preparing it again"
		rm -rf "$KB_TREE"
		kb_copy_source "$KB_TREE"
		touch "$dir/.prepared"
	fi
}
