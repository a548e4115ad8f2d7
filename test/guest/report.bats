#!/usr/bin/env bats
# The reviewer's report on real kpatch-build runs of the integration
# patches against the test kernel (a /proc string, a module, two syscall
# patches, a refusal): NAME.report and NAME.report.json (read back with
# python3) name the objects, functions and why, the kernel release and the
# hashes of its config and vmlinux; the module carries the report in a
# section the kernel does not allocate; and `kpatch info` in a booted guest
# shows the report of a patch `kpatch load` loaded.

load ../lib/integration

setup_file() {
	make -s -C "$KP_ROOT/kpatch" >&2
	make -s -C "$KP_ROOT/kpatch-build" >&2
}

# json EXPR FILE: python3 evaluates EXPR on the parsed JSON `r`.
json() {
	python3 -c 'import json, sys; r = json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "$2"
}

# report_case CASE: kpatch-build of an integration case with --report=json;
# sets R (the text report), J (the JSON) and BUILD_OUTPUT.
report_case() {
	local case=$1 KP_KB_TARGET=("${KP_KB_TARGET[@]}" --report=json)
	kp_kpatch_build "$case"
	BUILD_OUTPUT=$output
	echo "$output"
	R=$BATS_TEST_TMPDIR/out/kpatch-$case.report
	J=$R.json
	[ -f "$R" ]
	[ -f "$J" ]
	cat "$R"
}

# The facts every report has about the build: the test kernel's release,
# the sha256 of its .config and vmlinux, the patch and its sha256.
check_build_facts() {
	local case=$1 rel
	rel=$(strings "$KP_KDIR/vmlinux" | grep -m 1 -o 'Linux version [^ ]*' | awk '{ print $3 }')
	[ "$(json 'r["format"]' "$J")" = 1 ]
	[ "$(json 'r["kernel"]["kernel_release"]' "$J")" = "$rel" ]
	[ "$(json 'r["kernel"]["config_sha256"]' "$J")" = "$(sha256sum <"$KP_KDIR/.config" | cut -d' ' -f1)" ]
	[ "$(json 'r["kernel"]["vmlinux_sha256"]' "$J")" = "$(sha256sum <"$KP_KDIR/vmlinux" | cut -d' ' -f1)" ]
	[ "$(json 'r["kernel"]["source_version"]' "$J")" = "Linux $rel ($KP_KDIR)" ]
	[ "$(json 'r["patch"]["files"][0]["file"]' "$J")" = "$case.patch" ]
	[ "$(json 'r["patch"]["files"][0]["sha256"]' "$J")" = "$(sha256sum <"$KP_ROOT/test/integration/$case/patch" | cut -d' ' -f1)" ]
	[ "$(json 'r["patch"]["kpatch_version"]' "$J")" = "$(cat "$KP_ROOT/VERSION")" ]
	grep -qx "Kernel: $rel, source Linux $rel ($KP_KDIR), config sha256 $(sha256sum <"$KP_KDIR/.config" | cut -d' ' -f1), vmlinux sha256 $(sha256sum <"$KP_KDIR/vmlinux" | cut -d' ' -f1)" "$R"
}

# check_built CASE OBJECT PARENT: a built patch's report: the result and
# summary first, OBJECT patched in PARENT, and every function the differ
# said it changed listed as replaced, with why (once the differ says why).
check_built() {
	local case=$1 obj=$2 parent=$3 n f
	check_build_facts "$case"
	[ "$(sed -n 2p "$R")" = "Result: built kpatch-$case.ko" ]
	sed -n 3p "$R" | grep -q '^Summary: 1 object, '
	grep -qx "Object $obj (in $parent): patched" "$R"
	[ "$(json 'r["result"]' "$J")" = built ]
	[ "$(json 'r["objects"][0]["name"]' "$J")" = "$obj" ]
	[ "$(json 'r["objects"][0]["parent"]' "$J")" = "$parent" ]
	[ "$(json 'r["patch"]["checksum"]' "$J")" = "$(objcopy -O binary --only-section=.kpatch.checksum \
		"$BATS_TEST_TMPDIR/out/kpatch-$case.ko" /dev/stdout | tr -d '\0')" ]
	n=$(grep -c ': changed function: ' <<<"$BUILD_OUTPUT")
	[ "$n" -gt 0 ]
	[ "$(json 'r["summary"]["functions_replaced"]' "$J")" -ge "$n" ]
	while read -r f; do
		F=$f python3 -c 'import json, os, sys
r = json.load(open(sys.argv[1]))
o = r["objects"][0]
c = [x for x in o["changed"] if x["function"] == os.environ["F"]]
assert c and c[0]["why"], (os.environ["F"], o)' "$J"
		grep -q "^    $f: " "$R"
	done < <(sed -n 's/.*: changed function: \([^ ]*\).*/\1/p' <<<"$BUILD_OUTPUT")
}

@test "report: a one-function fix (proc-string): read in a minute, the function, why and the source lines" {
	report_case proc-string
	[ "$status" -eq 0 ]
	check_built proc-string fs/proc/cmdline.o vmlinux
	[ "$(wc -l <"$R")" -lt 40 ]
	grep -q '^    cmdline_proc_show: ' "$R"
	grep -q '^      source: fs/proc/cmdline.c:' "$R"
}

@test "report: a module patch (configs.ko) names the module as the object's parent" {
	report_case module
	[ "$status" -eq 0 ]
	check_built module kernel/configs.o configs
	grep -q '^    ikconfig_read_current: ' "$R"
}

@test "report: a syscall patch (getppid) and a KPATCH_SYSCALL_DEFINE one (newuname)" {
	report_case syscall
	[ "$status" -eq 0 ]
	check_built syscall kernel/sys.o vmlinux
	report_case syscall-define
	[ "$status" -eq 0 ]
	check_built syscall-define kernel/sys.o vmlinux
	grep -q '__x64_sys_newuname' "$R"
}

@test "report: a refused patch (refuse-data) still writes the report, REFUSED and the reason at the top" {
	report_case refuse-data
	[ "$status" -ne 0 ]
	[ ! -f "$BATS_TEST_TMPDIR/out/kpatch-refuse-data.ko" ]
	check_build_facts refuse-data
	sed -n 2p "$R" | grep -q '^REFUSED: unsupported change in kernel/sys.o'
	grep -A1 '^Refused:$' "$R" | grep -q "^  kernel/sys.o: .*overflowuid"
	grep -qx 'Object kernel/sys.o (in vmlinux): refused' "$R"
	[ "$(json 'r["result"]' "$J")" = refused ]
	[ "$(json 'r["summary"]["refused"] >= 1' "$J")" = True ]
	[ "$(json '"overflowuid" in r["refused"][0]["detail"] + (r["refused"][0]["item"] or "")' "$J")" = True ]
}

@test "report: the module carries it in non-allocated sections that strip keeps; kpatch info shows it for a loaded patch in a guest" {
	local ko p=$BATS_TEST_TMPDIR/payload core
	report_case proc-string
	[ "$status" -eq 0 ]
	ko=$BATS_TEST_TMPDIR/out/kpatch-proc-string.ko
	# Not SHF_ALLOC (flag A): the loader does not keep it.
	readelf -SW "$ko" | grep -E ' \.kpatch\.report(\.json)? ' >"$BATS_TEST_TMPDIR/secs"
	cat "$BATS_TEST_TMPDIR/secs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/secs")" -eq 2 ]
	awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[WAXMSILOGTCxoEDlp]+$/ && $i ~ /A/) exit 1 }' "$BATS_TEST_TMPDIR/secs"
	objcopy --dump-section ".kpatch.report=$BATS_TEST_TMPDIR/sec.txt" "$ko" "$BATS_TEST_TMPDIR/copy.ko"
	cmp "$BATS_TEST_TMPDIR/sec.txt" "$R"
	strip --strip-debug -o "$BATS_TEST_TMPDIR/stripped.ko" "$ko"
	readelf -SW "$BATS_TEST_TMPDIR/stripped.ko" | grep -q ' \.kpatch\.report '
	core=$(kp_core_module)
	mkdir -p "$p"
	cp "$core" "$ko" "$KP_ROOT/kpatch/kpatch" "$KP_ROOT/test/guest/report-guest.sh" "$p/"
	kp_guest "$p" report-guest.sh kpatch-proc-string
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"report-guest: ok"* ]]
	# The text: the module's report, indented, under the loaded patch's info.
	sed -n '/^=== info$/,/^=== json$/p' <<<"$output" | tr -d '\r' >"$BATS_TEST_TMPDIR/info.txt"
	grep -q '^Loaded: yes, enabled' "$BATS_TEST_TMPDIR/info.txt"
	grep -q '^Report (from /payload/kpatch-proc-string.ko):$' "$BATS_TEST_TMPDIR/info.txt"
	grep -qF "  $(sed -n 3p "$R")" "$BATS_TEST_TMPDIR/info.txt"
	grep -qx '  Object fs/proc/cmdline.o (in vmlinux): patched' "$BATS_TEST_TMPDIR/info.txt"
	# The JSON: the module's JSON report under "report", the other keys kept.
	sed -n '/^=== json$/,/^=== none$/p' <<<"$output" | tr -d '\r' | grep '^{' >"$BATS_TEST_TMPDIR/info.json"
	[ "$(json 'r["report"] == json.load(open("'"$J"'"))' "$BATS_TEST_TMPDIR/info.json")" = True ]
	[ "$(json 'r["state"]' "$BATS_TEST_TMPDIR/info.json")" = enabled ]
	# Without kpatch load's record (loaded by insmod), said why.
	sed -n '/^=== none$/,$p' <<<"$output" | grep -q '^Report: none (no file of the loaded build was found: kpatch load recorded no file for it'
}
