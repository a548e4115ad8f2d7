#!/bin/sh
# crypto/skcipher.c is built in and imports CRYPTO_INTERNAL, which its
# .modinfo records as "skcipher.import_ns=CRYPTO_INTERNAL". The patched
# skcipher_setkey_simple calls crypto_cipher_setkey, exported in that
# namespace: the patch module carries "import_ns=CRYPTO_INTERNAL", or
# modpost and the module loader refuse it.
funcs=/sys/kernel/kpatch/kpatch_import_ns_builtin/functions
case "$1" in
loaded) grep -q "^vmlinux skcipher_setkey_simple .* applied$" "$funcs" ;;
*) [ ! -e "$funcs" ] ;;
esac
