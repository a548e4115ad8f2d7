#!/usr/bin/env bats
# kpatch.ko's symbol handling in a booted guest, with hand-written patch
# modules (test/core/symbols): a function whose name occurs twice in
# vmlinux, replaced at its position (sympos) and refused without one or at
# the other's address; and a static function reading static variables
# through relocations the core resolves.

load ../lib/guest

setup() {
	local m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/sym
	P=$BATS_TEST_TMPDIR/payload
	mkdir -p "$m" "$w" "$P"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/symbols/*.c "$w/"
	printf 'obj-m := kpatch_mounts.o kpatch_filesystems.o\nccflags-y := -I%s\n' \
		"$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/*.ko "$KP_ROOT/test/core/symbols/guest.sh" "$P/"
}

# sizes NAME: "ADDR SIZE" of every function NAME in vmlinux, address order
sizes() {
	nm -S "$KP_KDIR/vmlinux" | awk -v n="$1" '$4 == n && $3 ~ /^[tT]$/ { print $1, $2 }' |
		sort
}

# cold_case KDIR RUNNER-ARGS...: two static kp_dup in one module
# (test/core/cold), only the second with a .cold part, a kthread parked
# there; kpatch.ko and the modules built for KDIR
cold_case() {
	local kdir=$1 w=$BATS_TEST_TMPDIR/cold m=$BATS_TEST_TMPDIR/core
	shift
	mkdir -p "$w"
	if [ "$kdir" != "$KP_KDIR" ]; then
		m=$BATS_TEST_TMPDIR/cold-core
		mkdir -p "$m"
		cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
		kp_build_module "$m" "$kdir"
	fi
	cp "$KP_ROOT"/test/core/cold/*.c "$w/"
	# -O2 as Debian builds (the test kernel's -Os makes no .cold parts).
	printf 'obj-m := kpcold.o kpatch_cold.o\nkpcold-y := kpcold_a.o kpcold_b.o\nccflags-y := -I%s\nCFLAGS_kpcold_a.o := -O2 -freorder-blocks-and-partition\nCFLAGS_kpcold_b.o := -O2 -freorder-blocks-and-partition\n' \
		"$m" >"$w/Kbuild"
	make -C "$kdir" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	# Symbol-table order, as kallsyms counts a module: two kp_dup, the
	# first without a cold part; the kthread's sleep is in kp_dup.cold.
	readelf -sW "$w/kpcold.ko" | awk '$8 ~ /^kp_dup/ { print $8 }' | tr '\n' ' ' >"$w/order"
	cat "$w/order"
	[ "$(cat "$w/order")" = "kp_dup kp_dup kp_dup.cold " ]
	readelf -rW "$w/kpcold.ko" | awk '/^Relocation section/ { s = $3 } $5 == "msleep" { print s }' | grep -qx "'.rela.text.unlikely'"
	readelf -sW "$w/kpcold.ko" | awk '$8 == "kp_dup" { printf "0x%s ", $2 }' >"$P/offs"
	echo >>"$P/offs"
	cp "$m/kpatch.ko" "$w/kpcold.ko" "$w/kpatch_cold.ko" "$KP_ROOT/test/core/cold/guest.sh" "$P/"
	kp_guest "$@" "$P" guest.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"kpatch: kp_dup (sympos 2): kpcold has 1 kp_dup.cold and 2 kp_dup, and the patch does not record which cold part is this one's (cold_sympos): a task in it could not be seen"* ]]
	[[ "$output" == *"refused unrecorded cold part"* ]]
	[[ "$output" == *"kpatch: kp_dup: its cold part kp_dup.cold (sympos 2) is not in kpcold"* ]]
	[[ "$output" == *"refused wrong cold position"* ]]
	grep -qE "^refused busy: [0-9.]+ refuse kpatch_cold err=-16 .*busy=[0-9]+:kpcold-park:kp_dup$" <<<"$output"
	[[ "$output" == *"kpatch: kp_dup (sympos 1): kpcold has 1 kp_dup.cold and 2 kp_dup"* ]]
	[[ "$output" == *"first applied: kpcold kp_dup 1 applied"* ]]
	[[ "$output" == *"second applied: kpcold kp_dup 2 applied"* ]]
	[[ "$output" == *"cold: done"* ]]
}

@test "core: patch m_show, whose name occurs twice in vmlinux, by sympos; refuse it without one or at the other's address" {
	# addr2line needs DWARF, which the lean debug kernel is built without.
	[ "${KP_KERNEL:-}" != debug ] || skip "needs the test kernel's DWARF (addr2line)"
	local -a addr size
	local pos=0 i
	while read -r a s; do
		addr+=("$a") size+=("$s")
	done < <(sizes m_show)
	[ "${#addr[@]}" -eq 2 ]
	# The one in fs/namespace.c (the mount table), counted from 1.
	for i in 0 1; do
		if addr2line -e "$KP_KDIR/vmlinux" "0x${addr[i]}" | grep -q 'fs/namespace\.c:'; then
			pos=$((i + 1))
		fi
	done
	[ "$pos" -ne 0 ]
	i=$((pos - 1))
	echo "sympos=$pos old_addr=0x${addr[i]} old_size=0x${size[i]}" >"$P/mounts.args"
	i=$((2 - pos))
	echo "sympos=$pos old_addr=0x${addr[i]}" >"$P/mounts-other.args"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$P" guest.sh mounts
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"m_show: occurs 2 times in vmlinux, sympos needed"* ]]
	# the build's address as an offset in the image (_text is 0xffffffff81000000)
	[[ "$output" == *"m_show: address mismatch: expected _text+0x$(printf %x $((0x${addr[i]} - 0xffffffff81000000)))"* ]]
	[[ "$output" == *"refused ambiguous and wrong-position m_show"* ]]
	[[ "$output" == *"functions: vmlinux m_show $pos 0x"*" applied"* ]]
	[[ "$output" == *"mounts patched: "* ]]
	[[ "$output" == *"modules untouched: kpatch_mounts "* ]]
	[[ "$output" == *"mounts reverted"* ]]
	[[ "$output" == *"mounts: done"* ]]
}

@test "core: replace static filesystems_proc_show with one reading the static file_systems list and lock" {
	local a s
	read -r a s < <(sizes filesystems_proc_show)
	[ -n "$a" ]
	# The static variables exist once, as the relocations need.
	[ "$(nm "$KP_KDIR/vmlinux" | awk '$3 == "file_systems" || $3 == "file_systems_lock"' | wc -l)" -eq 2 ]
	echo "old_addr=0x$a old_size=0x$s" >"$P/filesystems.args"
	kp_guest --kernel "$KP_KDIR/arch/x86/boot/bzImage" "$P" guest.sh filesystems
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"patched: kpatched + "*" filesystems as before"* ]]
	[[ "$output" == *"reverted and re-applied"* ]]
	[[ "$output" == *"filesystems: done"* ]]
}

@test "core: a kthread in the .cold part of the second of two static kp_dup (the module's only kp_dup.cold) blocks patching it; the first patches at once" {
	cold_case "$KP_KDIR" --kernel "$KP_KDIR/arch/x86/boot/bzImage"
}

@test "core: the same .cold case on Debian's 6.12 cloud kernel (IBT, call padding, call-depth tracking)" {
	[ "${KP_KERNEL:-}" != debug ] || skip "a Debian kernel case"
	cold_case "$(kp_debian_kdir 6.12)" --debian 6.12
}
