# shellcheck shell=bash
# kpatch-build: exported symbols whose version (CRC) the patches change.
# With CONFIG_MODVERSIONS kbuild records the CRC of each symbol an object
# exports in its .cmd file ("#SYMVER name 0xcrc"). A patch that changes one
# (a header change to a struct the symbol's prototype uses, say) changes the
# symbol's ABI: a patch module importing it would be built against the
# old kernel's version of the symbol while its code expects the new one, or
# be refused by the module loader. So the build stops, naming the symbol and
# both CRCs; a changed CRC of a symbol the patch does not import is shown as
# a warning.

# kb_symver_changes: "name old new object" for every CRC the patches change.
kb_symver_changes() {
	local o old new
	for o in "${KB_CHANGED[@]}"; do
		old=$KB_CC_DIR/orig/$(kb_cmd_file "$o")
		new=$KB_OBJ_BASE/$(kb_cmd_file "$o")
		{ [ -f "$old" ] && [ -f "$new" ]; } || continue
		awk -v obj="$o" '
			FNR == NR && $1 == "#SYMVER" { crc[$2] = $3; next }
			$1 == "#SYMVER" { now[$2] = $3 }
			END { for (s in crc) if (crc[s] != now[s])
				printf "%s %s %s %s\n", s, crc[s], (s in now) ? now[s] : "(gone)", obj }' \
			"$old" "$new"
	done
}

kb_check_crcs() {
	local changes imports sym old new obj bad=0
	changes=$(kb_symver_changes)
	[ -n "$changes" ] || return 0
	imports=$(nm -u "$KB_WORK/patch.o" | awk '{ print $NF }' | sort -u)
	while read -r sym old new obj; do
		if grep -qxF "$sym" <<<"$imports"; then
			printf 'kpatch-build: error: exported symbol %s changes version: CRC %s before the patch, %s after (%s); the patch module imports it\n' \
				"$sym" "$old" "$new" "$obj" >&2
			bad=1
		else
			kb_say "warning: exported symbol $sym changes version: CRC $old before the patch, $new after ($obj)"
		fi
	done <<<"$changes"
	[ "$bad" -eq 0 ] ||
		kb_die "the patches change the version of exported symbols the patch module uses: its code would run against the old kernel's definition of them"
}
