# shellcheck shell=bash
# kpatch-build --deb: the package's maintainer scripts (POSIX sh, run by
# dpkg). They use the installed kpatch command. A failure to load or unload
# is reported and the script still exits 0: the file is where kpatch.service
# finds it at the next boot, and apt never stops half done on a patch that
# a busy kernel refused this time.

# The values the scripts need, as sh assignments.
kb_deb_script_vars() {
	printf 'PKG=%s\nKREL=%s\nMOD=%s\n' "$KB_DEB_PKG" "$KB_KREL" "$MODNAME"
}

kb_deb_postinst() {
	printf '#!/bin/sh\n# postinst of a live patch package, written by kpatch-build %s.\nset -e\n' "$KB_VERSION"
	kb_deb_script_vars
	printf 'BASE=%s\n' "$KB_DEB_BASE"
	cat <<'EOF'
KO=/var/lib/kpatch/$KREL/$MOD.ko

say() {
	echo "$PKG: $*"
}

# The module name kpatch-build gave version $1 of this package.
module_of() {
	suffix=-v$(echo "$1" | tr . _)
	echo "$(printf '%s' "$BASE" | cut -c1-$((48 - ${#suffix})))$suffix"
}

# After the new version loaded (an atomic replace), the old version's
# module is disabled but still in the kernel: take it out.
retire() {
	[ -n "$1" ] || return 0
	old=$(module_of "$1")
	[ "$old" != "$MOD" ] || return 0
	[ -d "/sys/module/$(echo "$old" | tr - _)" ] || return 0
	if kpatch unload "$old"; then
		say "version $1's module $old is unloaded"
	else
		say "version $1's module $old stays in the kernel (above says why); $MOD is the one in effect"
	fi
}

[ "$1" = configure ] || exit 0
if [ -n "$DPKG_ROOT" ]; then
	say "installed into $DPKG_ROOT; not loaded (that root's kernel is not running here)"
	exit 0
fi
# The file is already where kpatch install keeps it; this checks it was
# built for $KREL and enables kpatch.service when systemd runs.
kpatch install -k "$KREL" "$KO" ||
	say "kpatch install -k $KREL $KO failed (above): kpatch.service may not load it at boot"
running=$(uname -r)
if [ "$running" != "$KREL" ]; then
	say "not loaded: the running kernel is $running, this patch is for $KREL; kpatch.service loads it when $KREL boots"
	exit 0
fi
if kpatch load "$KO"; then
	retire "$2"
else
	say "loading $MOD failed (above); the package stays installed and kpatch.service loads it at the next boot of $KREL; to retry now: kpatch load $MOD"
fi
exit 0
EOF
}

kb_deb_prerm() {
	printf '#!/bin/sh\n# prerm of a live patch package, written by kpatch-build %s.\nset -e\n' "$KB_VERSION"
	kb_deb_script_vars
	cat <<'EOF'

say() {
	echo "$PKG: $*"
}

# On upgrade the new version's postinst replaces this module atomically;
# unloading it first would leave the kernel unpatched in between.
[ "$1" = remove ] || exit 0
[ -z "$DPKG_ROOT" ] || exit 0
[ -d "/sys/module/$(echo "$MOD" | tr - _)" ] || exit 0
# kpatch unload refuses what is not safe (a task in a patched function, a
# newer patch stacked on this one, a forced function) and says which.
if kpatch unload "$MOD"; then
	exit 0
fi
say "$MOD stays loaded: it could not be unloaded safely (above says why). It is no longer installed, so the next boot of $KREL runs without it; to take it out now, deal with the cause named above and run: kpatch unload $MOD"
exit 0
EOF
}
