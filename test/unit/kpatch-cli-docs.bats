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

@test "docs: installed man pages name the paths of the PREFIX they were installed for" {
	for prefix in /usr /opt/kp; do
		stage=$BATS_TEST_TMPDIR/man$RANDOM
		make -s -C "$KP_ROOT/man" install DESTDIR="$stage" PREFIX="$prefix"
		# Justification spreads spaces differently as the text above changes.
		page=$(MANWIDTH=200 man -l "$stage$prefix/share/man/man1/kpatch.1" 2>/dev/null | tr -s " ")
		[[ "$page" == *"$prefix/lib/systemd/system/kpatch.service"* ]]
		[[ "$page" == *"$prefix/sbin/kpatch load --all"* ]]
		[[ "$page" != *"@"[A-Z]*"@"* ]]
	done
}

@test "docs: kpatch.1 documents kpatch.enable=0, the log format, retries, signing and the core's parameters" {
	# Lines and justification spaces move as the text changes.
	page=$(MANWIDTH=200 man -l "$KP_ROOT/man/kpatch.1" 2>/dev/null | tr '\n' ' ' | tr -s ' ')
	for s in "kpatch.enable=0" "LOG FORMAT" "SECONDS.USEC EVENT PATCH RESULT" \
		"busy=PID:COMM:FUNCTION" "KPATCH_LOAD_ATTEMPTS" "KPATCH_RETRY_INTERVAL" \
		"retry_delay_ms" "retries (default 5)" "PATCH IDENTITY" "--sign-key" \
		"Currently patched functions" "--json"; do
		[[ "$page" == *"$s"* ]] || { echo "kpatch.1 lacks: $s"; false; }
	done
	# The core's parameters the page documents are the ones it declares.
	while read -r p; do
		[[ "$page" == *"$p (default"* ]] || { echo "parameter $p undocumented"; false; }
	done < <(sed -n 's/^module_param(\([a-z_]*\),.*/\1/p' "$KP_ROOT"/kmod/core/*.c)
}

# install_all STAGE / uninstall_all STAGE: what make install runs in each
# component that needs no kernel (kmod's sources too), with PREFIX=/usr.
each_component() {
	local what=$1 stage=$2 d
	for d in kpatch kpatch-build contrib man; do
		make -s -C "$KP_ROOT/$d" "$what" DESTDIR="$stage" PREFIX=/usr >/dev/null
	done
	if [ "$what" = install ]; then
		make -s -C "$KP_ROOT/kmod" install-sources DESTDIR="$stage" PREFIX=/usr
	else
		make -s -C "$KP_ROOT/kmod" uninstall DESTDIR="$stage" PREFIX=/usr KVER=none
	fi
}

@test "install: make uninstall removes every file make install put there" {
	make -s -C "$KP_ROOT/kpatch-build" >/dev/null
	stage=$BATS_TEST_TMPDIR/stage
	each_component install "$stage"
	find "$stage" -type f | sort >"$BATS_TEST_TMPDIR/files"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/files")" -gt 20 ]
	grep -q "/usr/sbin/kpatch$" "$BATS_TEST_TMPDIR/files"
	grep -q "/usr/share/kpatch/kpatch-build/lib/identity.sh$" "$BATS_TEST_TMPDIR/files"
	each_component uninstall "$stage"
	run find "$stage" -type f
	[ -z "$output" ]
	# kpatch's own directories go with their files; shared ones may stay.
	[ ! -e "$stage/usr/share/kpatch" ]
	[ ! -e "$stage/usr/libexec/kpatch" ]
}

@test "install: make uninstall also removes the directories make install created, and only those" {
	stage=$BATS_TEST_TMPDIR/stage
	# An empty directory that was there before (as /usr/local/bin on a
	# fresh Debian) stays.
	mkdir -p "$stage/usr/bin"
	run make -s -C "$KP_ROOT" install DESTDIR="$stage" PREFIX=/usr KDIR=
	echo "$output"
	[ "$status" -eq 0 ]
	[ -x "$stage/usr/sbin/kpatch" ]
	[ -d "$stage/usr/share/kpatch/kpatch-build/lib" ]
	run make -s -C "$KP_ROOT" uninstall DESTDIR="$stage" PREFIX=/usr KDIR=
	echo "$output"
	[ "$status" -eq 0 ]
	run find "$stage" -mindepth 1
	echo "left: $output"
	[ "$output" = "$stage/usr"$'\n'"$stage/usr/bin" ]
}

@test "install: plain make builds no kernel when the running kernel has no build tree" {
	[ ! -d "/lib/modules/$(uname -r)/build" ] || skip "the running kernel has a build tree"
	export KPATCH_CACHE=$BATS_TEST_TMPDIR/cache
	run timeout 120 make -C "$KP_ROOT" kmod
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"kpatch.ko not built: no kernel build tree for the running kernel $(uname -r)"* ]]
	[ ! -e "$KPATCH_CACHE/test-kernel" ]
}

@test "install: kpatch.ko is installed under the release of the tree it was built against" {
	kdir=""
	for d in /usr/src/linux-headers-*-cloud-amd64; do
		[ -f "$d/include/generated/utsrelease.h" ] && kdir=$d && break
	done
	[ -n "$kdir" ] || skip "no Debian cloud headers installed"
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h")
	[ "$rel" != "$(uname -r)" ]
	work=$BATS_TEST_TMPDIR/kmod
	cp -r "$KP_ROOT/kmod" "$work"
	stage=$BATS_TEST_TMPDIR/stage
	make -s -C "$work" KDIR="$kdir" install DESTDIR="$stage" PREFIX=/usr >/dev/null 2>&1
	[ -f "$stage/lib/modules/$rel/extra/kpatch/kpatch.ko" ]
	make -s -C "$work" KDIR="$kdir" uninstall DESTDIR="$stage" PREFIX=/usr
	[ ! -e "$stage/lib/modules/$rel/extra/kpatch/kpatch.ko" ]
}
