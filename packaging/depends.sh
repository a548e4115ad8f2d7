#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Print the Depends of the package staged in STAGE: the libraries its ELF
# files link to (dpkg-shlibdeps, with the versions their symbols need) and
# the packages owning what runtime-needs lists, on this (bookworm) system.
#   depends.sh STAGE
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

die() {
	printf 'packaging: error: %s\n' "$*" >&2
	exit 1
}

# The dynamically linked ELF files of the stage (a static one needs no
# library; kernel sources are not ELF).
elf_files() {
	local f
	while IFS= read -r -d '' f; do
		[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		readelf -d "$f" 2>/dev/null | grep '(NEEDED)' >/dev/null && printf '%s\n' "$f"
	done < <(find "$1" -path "$1/DEBIAN" -prune -o -type f -print0)
}

# dpkg-shlibdeps wants a source tree; give it a minimal one.
shlib_depends() {
	local stage=$1 tmp files out
	mapfile -t files < <(elf_files "$stage")
	[ "${#files[@]}" -gt 0 ] || return 0
	tmp=$(mktemp -d)
	mkdir -p "$tmp/debian"
	printf 'Source: kpatch\n\nPackage: kpatch\nArchitecture: any\n' >"$tmp/debian/control"
	out=$(cd "$tmp" && dpkg-shlibdeps -O "${files[@]}" 2>"$tmp/err") ||
		die "dpkg-shlibdeps failed: $(cat "$tmp/err")"
	rm -rf "$tmp"
	sed -n 's/^shlibs:Depends=//p' <<<"$out" | tr ',' '\n' | sed 's/^ *//'
}

# The paths runtime-needs names, one per line, "ENTRY PATH".
need_paths() {
	local line path
	while read -r line; do
		line=${line%%#*}
		line=${line//[[:space:]]/}
		[ -n "$line" ] || continue
		if [ "${line:0:1}" = / ]; then
			path=$line
		else
			path=$(command -v "$line") || die "$line (runtime-needs) is not installed here"
		fi
		[ -e "$path" ] || die "$path (runtime-needs) does not exist here"
		printf '%s %s\n' "$line" "$path"
	done <"$here/runtime-needs"
}

# One dpkg -S for all of them (each path, its target, and its name with and
# without the /usr merge prefix); every entry must have an owner.
need_depends() {
	local entry path owners q=() p
	declare -A seen=()
	while read -r entry path; do
		for p in "$path" "$(realpath "$path")"; do
			case "$p" in
			/usr/*) q+=("$p" "${p#/usr}") ;;
			*) q+=("$p" "/usr$p") ;;
			esac
		done
	done < <(need_paths)
	owners=$(dpkg -S "${q[@]}" 2>/dev/null || true)
	while read -r entry path; do
		p=$(awk -v a="$path" -v b="$(realpath "$path")" '
			{ f = $NF; sub(/^\/usr/, "", f) }
			{ x = a; sub(/^\/usr/, "", x); y = b; sub(/^\/usr/, "", y) }
			f == x || f == y { sub(/[:,].*/, "", $1); print $1; exit }' <<<"$owners")
		[ -n "$p" ] || die "no package owns $path (runtime-needs: $entry)"
		# Policy 3.5: essential packages are not declared.
		[ "$(dpkg-query -W -f='${Essential}' "$p" 2>/dev/null)" = yes ] && continue
		[ -n "${seen[$p]:-}" ] || printf '%s\n' "$p"
		seen[$p]=1
	done < <(need_paths)
}

main() {
	local stage=${1:?usage: depends.sh STAGE}
	{
		shlib_depends "$stage"
		need_depends
	} | sort -u | paste -sd, - | sed 's/,/, /g'
}

main "$@"
