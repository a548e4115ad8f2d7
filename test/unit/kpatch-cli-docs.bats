#!/usr/bin/env bats
# The manual pages render without warnings and describe every command and
# option the tools accept; the systemd unit points at the installed binary.

load cli/helpers

setup_file() {
	cli_build
}

render() {
	{ MANWIDTH=80 man --warnings -l "$1" >/dev/null; } 2>&1
}

@test "docs: kpatch.1 and kpatch-build.1 render without warnings" {
	for p in kpatch.1 kpatch-build.1; do
		run render "$KP_ROOT/man/$p"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
	done
}

@test "docs: kpatch.1 describes every command and option of kpatch --help" {
	page=$(MANWIDTH=200 man -l "$KP_ROOT/man/kpatch.1" 2>/dev/null)
	for c in load unload install uninstall list info log version; do
		grep -qE "^ +$c( |$)" <<<"$page"
		run "$KPATCH" "$c" --help
		while read -r o; do
			[[ "$page" == *"$o"* ]] || { echo "$c: $o missing"; false; }
		done < <(grep -oE -- '--[a-z-]+' <<<"$output" | sort -u)
	done
}

@test "docs: kpatch-build.1 describes every option of kpatch-build --help" {
	page=$(MANWIDTH=200 man -l "$KP_ROOT/man/kpatch-build.1" 2>/dev/null)
	run "$KP_ROOT/kpatch-build/kpatch-build" --help
	[ "$status" -eq 0 ]
	opts=$(grep -oE -- '(^| )-[a-zA-Z]|--[a-z-]+' <<<"$output" | tr -d ' ' | sort -u)
	[ "$(wc -l <<<"$opts")" -gt 10 ]
	for o in $opts; do
		[[ "$page" == *"$o"* ]] || { echo "$o missing"; false; }
	done
}

@test "docs: the unit runs the installed kpatch load --all before sysinit" {
	stage=$(mktemp -d)
	make -s -C "$KP_ROOT/contrib" install DESTDIR="$stage" PREFIX=/usr
	unit=$stage/usr/lib/systemd/system/kpatch.service
	grep -qx 'ExecStart=/usr/sbin/kpatch load --all' "$unit"
	grep -qx 'Type=oneshot' "$unit"
	grep -qx 'RemainAfterExit=yes' "$unit"
	grep -q '^Before=sysinit.target' "$unit"
	rm -rf "$stage"
}
