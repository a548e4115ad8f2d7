#!/usr/bin/env bats
# kpatch-build's identity and signing helpers (lib/identity.sh) on the
# host: the checksum section they add, which key they pick, and the
# option checks that run before any build. Signed modules loading under
# sig_enforce, and the checksum in sysfs, are in test/guest/cli.bats.

setup() {
	KP_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	W=$BATS_TEST_TMPDIR
	KB_LOG=$W/log
	# shellcheck source=../../kpatch-build/lib/common.sh
	. "$KP_ROOT/kpatch-build/lib/common.sh"
	# shellcheck source=../../kpatch-build/lib/identity.sh
	. "$KP_ROOT/kpatch-build/lib/identity.sh"
	SIGN_KEY="" SIGN_CERT=""
}

@test "identity: the checksum is an allocated, NUL-terminated md5 of the object and its replace flag" {
	printf 'int x = 1;\n' >"$W/a.c"
	gcc -c -o "$W/a.o" "$W/a.c"
	cp "$W/a.o" "$W/b.o"
	cp "$W/a.o" "$W/orig.o"
	kb_add_checksum "$W/a.o" 1
	one=$KB_CHECKSUM
	kb_add_checksum "$W/b.o" 0
	[[ "$one" =~ ^[0-9a-f]{32}$ ]]
	[ "$KB_CHECKSUM" != "$one" ]
	[ "$one" = "$({ cat "$W/orig.o"; printf 'replace=1\n'; } | md5sum | cut -d' ' -f1)" ]
	readelf -S -W "$W/a.o" | grep -E '\.kpatch\.checksum +PROGBITS' | grep -q ' A '
	[ "$(objcopy -O binary --only-section=.kpatch.checksum "$W/a.o" /dev/stdout | od -An -c | tr -d ' \n')" = "$one\\0" ]
}

@test "signing: the tree's own key when its kernel signs modules, else none" {
	k=$W/tree
	mkdir -p "$k/certs"
	printf 'CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_KEY="certs/signing_key.pem"\n' >"$k/.config"
	run kb_sign_files "$k"
	[ -z "$output" ]
	: >"$k/certs/signing_key.pem"
	run kb_sign_files "$k"
	[ "$output" = "$k/certs/signing_key.pem $k/certs/signing_key.pem" ]
	: >"$k/certs/signing_key.x509"
	run kb_sign_files "$k"
	[ "$output" = "$k/certs/signing_key.pem $k/certs/signing_key.x509" ]
	printf 'CONFIG_MODULE_SIG_KEY="pkcs11:token=x"\nCONFIG_MODULE_SIG=y\n' >"$k/.config"
	run kb_sign_files "$k"
	[ -z "$output" ]
	printf '# CONFIG_MODULE_SIG is not set\n' >"$k/.config"
	run kb_sign_files "$k"
	[ -z "$output" ]
	SIGN_KEY=/k.pem SIGN_CERT=/c.x509
	run kb_sign_files "$k"
	[ "$output" = "/k.pem /c.x509" ]
}

@test "signing: --sign-key and --sign-cert go together and must be readable, checked before building" {
	run "$KP_ROOT/kpatch-build/kpatch-build" --sign-key /etc/hostname "$KP_ROOT/examples/cmdline-string.patch"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch-build: error: --sign-key and --sign-cert go together" ]
	run "$KP_ROOT/kpatch-build/kpatch-build" --sign-key "$W/none.pem" --sign-cert /etc/hostname \
		"$KP_ROOT/examples/cmdline-string.patch"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch-build: error: --sign-key $W/none.pem: no such readable file" ]
	run "$KP_ROOT/kpatch-build/kpatch-build" --sign-key pkcs11:token=x --sign-cert "$W/none.x509" \
		"$KP_ROOT/examples/cmdline-string.patch"
	[ "$status" -eq 1 ]
	[ "$output" = "kpatch-build: error: --sign-cert $W/none.x509: no such readable file" ]
}
