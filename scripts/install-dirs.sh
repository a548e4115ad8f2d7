#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The directories `make install` creates, so that `make uninstall` removes
# them again once empty, and only them: /usr/local/bin on a fresh Debian is
# an empty directory base-files made, and must stay.
#   install-dirs.sh snapshot LIST ROOT...   the directories under (and above,
#                                           up to DESTDIR) each ROOT, now
#   install-dirs.sh record LIST MANIFEST ROOT...
#                                           those that exist now and were not
#                                           in LIST are added to MANIFEST
#   install-dirs.sh remove MANIFEST         remove MANIFEST, then each
#                                           directory it names that is empty,
#                                           deepest first
# Paths in MANIFEST are relative to DESTDIR (the environment's), so a staged
# tree can be uninstalled where it was staged.
set -euo pipefail

DEST=${DESTDIR:-}

# The existing directories of ROOT (a path without DESTDIR): ROOT's
# ancestors below DESTDIR, and everything under ROOT; without DESTDIR.
list_dirs() {
	local root=$1 d
	d=$root
	while [ -n "$d" ] && [ "$d" != / ]; do
		[ -d "$DEST$d" ] && printf '%s\n' "$d"
		d=$(dirname "$d")
	done
	if [ -d "$DEST$root" ]; then
		find "$DEST$root" -xdev -type d -printf '%p\n' | cut -c$((${#DEST} + 1))-
	fi
}

snapshot() {
	local list=$1 r
	shift
	for r in "$@"; do
		list_dirs "$r"
	done | sort -u >"$list"
}

record() {
	local before=$1 manifest=$2 now
	shift 2
	now=$(mktemp)
	snapshot "$now" "$@"
	{
		comm -13 "$before" "$now"
		# A second install adds to what the first one created.
		[ ! -f "$DEST$manifest" ] || cat "$DEST$manifest"
	} | sort -u >"$now.new"
	install -D -m 0644 "$now.new" "$DEST$manifest"
	rm -f "$now" "$now.new" "$before"
}

remove() {
	local manifest=$1 d dirs
	[ -f "$DEST$manifest" ] || return 0
	dirs=$(sort -r "$DEST$manifest")
	rm -f "$DEST$manifest"
	while IFS= read -r d; do
		[ -n "$d" ] || continue
		rmdir "$DEST$d" 2>/dev/null || true
	done <<<"$dirs"
}

case "${1:-}" in
snapshot) shift; snapshot "$@" ;;
record) shift; record "$@" ;;
remove) shift; remove "$@" ;;
*) echo "usage: install-dirs.sh snapshot|record|remove ..." >&2; exit 2 ;;
esac
