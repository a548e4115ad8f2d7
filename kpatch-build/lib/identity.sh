# shellcheck shell=bash
# kpatch-build: what makes a patch module identifiable and loadable on a
# host that checks signatures. The checksum (`.kpatch.checksum`, as upstream
# kpatch records it) lets `kpatch load` tell two builds of the same name
# apart; the signature lets a kernel with module.sig_enforce or lockdown
# (Secure Boot) load the module.

# kb_add_checksum OBJ REPLACE: store the md5 of the linked patch object and
# its replace flag (the only other input that changes what the module
# does) as a NUL-terminated hex string in an allocated section of OBJ; the
# glue hands it to the core, which shows it in sysfs.
kb_add_checksum() {
	local obj=$1 replace=$2 sum file
	kb_need_tool md5sum objcopy
	sum=$({ cat "$obj"; printf 'replace=%s\n' "$replace"; } | md5sum | cut -d' ' -f1)
	file=$(dirname "$obj")/checksum.bin
	printf '%s\0' "$sum" >"$file"
	kb_run objcopy --add-section ".kpatch.checksum=$file" \
		--set-section-flags .kpatch.checksum=alloc,load,readonly,data "$obj" ||
		kb_die "objcopy could not add .kpatch.checksum to $obj"
	# shellcheck disable=SC2034 # read by kb_build_module
	KB_CHECKSUM=$sum
}

# kb_config_value KDIR NAME: a string option of KDIR's .config, unquoted.
kb_config_value() {
	sed -n "s/^$2=\"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" "$1/.config" 2>/dev/null | head -n 1
}

# kb_check_sign_args: refuse a half or unreadable pair before building
# anything; make the paths absolute (the build changes directory).
kb_check_sign_args() {
	[ -z "$SIGN_KEY" ] && [ -z "$SIGN_CERT" ] && return 0
	if [ -z "$SIGN_KEY" ] || [ -z "$SIGN_CERT" ]; then
		kb_die "--sign-key and --sign-cert go together"
	fi
	case "$SIGN_KEY" in
	pkcs11:*) ;;
	*)
		if [ ! -f "$SIGN_KEY" ] || [ ! -r "$SIGN_KEY" ]; then
			kb_die "--sign-key $SIGN_KEY: no such readable file"
		fi
		SIGN_KEY=$(realpath "$SIGN_KEY")
		;;
	esac
	if [ ! -f "$SIGN_CERT" ] || [ ! -r "$SIGN_CERT" ]; then
		kb_die "--sign-cert $SIGN_CERT: no such readable file"
	fi
	SIGN_CERT=$(realpath "$SIGN_CERT")
}

# kb_sign_files KDIR: "KEY CERT" to sign with. The --sign-key/--sign-cert
# pair when given, else the kbuild tree's own key when its kernel signs
# modules (the key it trusts), with certs/signing_key.x509 as kbuild's
# modules_sign uses it, else nothing.
kb_sign_files() {
	local kdir=$1 key
	if [ -n "$SIGN_KEY" ]; then
		printf '%s %s\n' "$SIGN_KEY" "$SIGN_CERT"
		return
	fi
	grep -qx 'CONFIG_MODULE_SIG=y' "$kdir/.config" 2>/dev/null || return 0
	key=$(kb_config_value "$kdir" CONFIG_MODULE_SIG_KEY)
	case "$key" in
	"" | pkcs11:*) return 0 ;;
	/*) ;;
	*) key=$kdir/$key ;;
	esac
	[ -r "$key" ] || return 0
	if [ -r "$kdir/certs/signing_key.x509" ]; then
		printf '%s %s\n' "$key" "$kdir/certs/signing_key.x509"
	else
		printf '%s %s\n' "$key" "$key"
	fi
}

# kb_sign_module KDIR KO: sign KO with the kernel's sign-file, or say why
# it stays unsigned.
kb_sign_module() {
	local kdir=$1 ko=$2 files key cert hash tool=$1/scripts/sign-file
	files=$(kb_sign_files "$kdir")
	if [ -z "$files" ]; then
		kb_say "module not signed (no --sign-key/--sign-cert, and $kdir has no signing key); a kernel that enforces signatures will refuse it"
		return 0
	fi
	read -r key cert <<<"$files"
	[ -x "$tool" ] || kb_die "cannot sign: $tool is missing (build the kernel tree's scripts, or install the headers package)"
	hash=$(kb_config_value "$kdir" CONFIG_MODULE_SIG_HASH)
	kb_run "$tool" "${hash:-sha256}" "$key" "$cert" "$ko" ||
		kb_die "sign-file failed to sign $ko with $key"
	kb_say "signed with $key (${hash:-sha256})"
}
