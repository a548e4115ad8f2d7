#!/usr/bin/env bats
# The reviewer's report: kpatch-report (ASan+UBSan build) on facts files
# the real create-diff-object writes for differ cases (test/differ/cases),
# its JSON read back with python3's json module, odd names escaped, unknown
# kinds kept; and `kpatch info` reading the report sections of a module
# file, with the loaded build found through what `kpatch load` records.
# Real kpatch-build runs and `kpatch info` of a loaded patch in a guest are
# in test/guest/report.bats.

load cli/helpers

setup_file() {
	make -s -C "$KP_ROOT/kpatch-build" all san >&2
	cli_build
}

setup() {
	REPORT=$KP_ROOT/kpatch-build/san/kpatch-report
	CDO=$KP_ROOT/kpatch-build/san/create-diff-object
	export CDO
	W=$BATS_TEST_TMPDIR
}

# case_facts CASE OUT: the facts the real differ writes for a differ case,
# under the object name CASE.o (run-case.sh may set KPATCH_REPORT_FACTS
# itself: its work directory's file is taken then).
case_facts() {
	local c=$1 out=$2 keep=$W/work-$1
	KPATCH_REPORT_FACTS=$W/$c.raw run "$KP_ROOT/test/differ/run-case.sh" --keep "$keep" \
		"$KP_ROOT/test/differ/cases/$c"
	echo "$output"
	[ "$status" -ne 77 ] || skip "${output##*skip: }"
	[ "$status" -eq 0 ]
	local raw=$W/$c.raw
	[ ! -s "$keep/facts" ] || raw=$keep/facts
	touch "$raw"
	awk -v o="$c.o" '{ i = index($0, "\t"); print o substr($0, i) }' "$raw" >>"$out"
}

# json EXPR FILE: python3 evaluates EXPR on the parsed JSON `r`.
json() {
	python3 -c 'import json, sys; r = json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "$2"
}

@test "report: facts of the real differ: every fact is in the text and the JSON, counted in the summary" {
	f=$W/facts
	: >"$f"
	for c in changed-function new-function new-data static-local-moved alternatives hooks refuse-data; do
		case_facts "$c" "$f"
	done
	[ -s "$f" ]
	run "$REPORT" "$f"
	[ "$status" -eq 0 ]
	echo "$output" >"$W/report.txt"
	"$REPORT" --json "$f" >"$W/report.json"
	# Every fact's object, kind (or its group) and name appear in the JSON.
	python3 - "$f" "$W/report.json" <<'EOF'
import json, sys
facts = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
r = json.load(open(sys.argv[2]))
objs = {o["name"]: o for o in r["objects"]}
n = 0
for obj, kind, name, detail in facts:
    o = objs[obj]
    key = {"changed": "changed", "inline-only": "inline_only", "force": "forced",
           "new-func": "new_functions", "new-data": "new_data",
           "static-fresh": "statics_fresh", "static-shared": "statics_shared",
           "special": "special", "line-only": "line_only", "lines": "lines",
           "layout": "layout", "hook": "hooks", "callback": "callbacks",
           "shadow": "shadow", "risk": "risks", "refused": "refused"}.get(kind)
    if kind == "changed":
        e = [c for c in o["changed"] if c["function"] == name]
        assert e and (detail in e[0]["why"] or detail in ("", "-")), (obj, name, detail)
    elif key:
        assert any(x["name"] == (None if name == "-" else name) for x in o[key]), (obj, kind, name)
    else:
        assert any(x["kind"] == kind and x["name"] == name for x in o["other"]), (obj, kind, name)
    n += 1
s = r["summary"]
assert s["objects"] == len(objs)
assert s["refused"] == sum(1 for f in facts if f[1] == "refused") == len(r["refused"])
assert s["new_functions"] == sum(1 for f in facts if f[1] == "new-func")
assert s["functions_replaced"] == len({(f[0], f[2]) for f in facts if f[1] in ("changed", "inline-only", "force")})
changed = {(f[0], f[2]) for f in facts if f[1] == "changed"}
assert s["inline_only"] == len({(f[0], f[2]) for f in facts if f[1] == "inline-only"} - changed)
print(n, "facts found")
EOF
	# The text: the summary first, every object and every changed function.
	sed -n 2p "$W/report.txt" | grep -q '^Summary: 7 objects, '
	for c in changed-function new-function refuse-data; do
		grep -q "^Object $c.o$" "$W/report.txt"
	done
	awk -F'\t' '$2 == "changed" { print $3 }' "$f" | sort -u | while read -r fn; do
		grep -q "^    $fn: " "$W/report.txt"
	done
	# Refusals are listed before the details, with the object.
	grep -q '^Refused:$' "$W/report.txt"
	[ "$(grep -n '^Refused:$' "$W/report.txt" | cut -d: -f1)" -lt "$(grep -n '^Object ' "$W/report.txt" | head -n 1 | cut -d: -f1)" ]
}

@test "report: a changed function's facts say why, and a refused object says what and why" {
	case_facts changed-function "$W/a"
	grep -qP '\tchanged\t[^\t]+\t(bytes|relocations|strings|callees)' "$W/a"
	"$REPORT" --json "$W/a" >"$W/a.json"
	[ "$(json 'len(r["objects"][0]["changed"][0]["why"]) > 0' "$W/a.json")" = True ]
	case_facts refuse-data "$W/b"
	"$REPORT" "$W/b" >"$W/b.txt"
	run grep -c ' 0 refused' "$W/b.txt"
	[ "$output" = 0 ]
	grep -A1 '^Refused:$' "$W/b.txt" | grep -q '^  refuse-data.o: .\+: .\+'
}

@test "report: odd names are escaped: valid JSON holding the same bytes, no raw control bytes in the text" {
	printf -- '-\tbuild\tname\tkpatch-odd\n' >"$W/f"
	printf 'o"b\\j.o\tchanged\tf\\"q\ttab\x01ctl \xff\xfe end\n' >>"$W/f"
	printf 'o"b\\j.o\tnew-data\t\xc3\xa9t\xc3\xa9\t.data, 4 bytes\n' >>"$W/f"
	run "$REPORT" --json "$W/f"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$W/f.json"
	[ "$(json 'r["objects"][0]["name"]' "$W/f.json")" = 'o"b\j.o' ]
	[ "$(json 'r["objects"][0]["changed"][0]["function"]' "$W/f.json")" = 'f\"q' ]
	[ "$(json 'r["objects"][0]["changed"][0]["why"][0] == "tab\x01ctl \xff\xfe end"' "$W/f.json")" = True ]
	[ "$(json 'r["objects"][0]["new_data"][0]["name"]' "$W/f.json")" = 'été' ]
	[[ "$output" == *'\u00ff\u00fe'* ]]
	"$REPORT" "$W/f" >"$W/f.txt"
	grep -q 'tab\\x01ctl' "$W/f.txt"
	run env LC_ALL=C grep -c "$(printf '\x01')" "$W/f.txt"
	[ "$output" = 0 ]
}

@test "report: unknown kinds and malformed lines are kept, under other" {
	printf 'a.o\tbrand-new-kind\tthing\tits detail\nnot a fact line\n' >"$W/f"
	run "$REPORT" "$W/f"
	[ "$status" -eq 0 ]
	[[ "$output" == *"brand-new-kind thing: its detail"* ]]
	[[ "$output" == *"not a fact line"* ]]
	"$REPORT" --json "$W/f" >"$W/f.json"
	[ "$(json 'r["objects"][0]["other"][0]["kind"]' "$W/f.json")" = brand-new-kind ]
	[ "$(json 'r["other"][0]["detail"]' "$W/f.json")" = "not a fact line" ]
	[ "$(json 'r["format"]' "$W/f.json")" = 1 ]
}

@test "report: an empty facts file is a report too, every key present; a missing one is an error" {
	: >"$W/f"
	"$REPORT" --json "$W/f" >"$W/f.json"
	[ "$(json 'sorted(r)' "$W/f.json")" = "['error', 'format', 'kernel', 'objects', 'other', 'patch', 'refused', 'result', 'risks', 'summary']" ]
	[ "$(json 'r["summary"]["functions_replaced"]' "$W/f.json")" = 0 ]
	run "$REPORT" "$W/nonexistent"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot read $W/nonexistent"* ]]
}

# report_module OUT FACTS [SUM]: a module file (fake_module) carrying
# kpatch-report's text and JSON of FACTS, as kpatch-build adds them.
report_module() {
	local out=$1 facts=$2 sum=${3:-}
	fake_module "$out.tmp" "$(vermagic_for "$KVER")" kpatch_a "$sum"
	"$REPORT" "$facts" >"$out.txt"
	"$REPORT" --json "$facts" >"$out.json"
	objcopy --add-section ".kpatch.report=$out.txt" --add-section ".kpatch.report.json=$out.json" \
		"$out.tmp" "$out"
	rm -f "$out.tmp"
}

@test "kpatch info: a module file's report, as text and under \"report\" in JSON; none said with why" {
	cli_setup
	printf -- '-\tbuild\tname\tkpatch-a\nfs/proc/cmdline.o\tchanged\tcmdline_proc_show\tstrings: differ\n' >"$W/f"
	printf 'fs/proc/cmdline.o\tinline-only\tcmdline_proc_show\tinlines x\n' >>"$W/f"
	report_module "$FAKE/kpatch-a.ko" "$W/f"
	run "$KPATCH" info "$FAKE/kpatch-a.ko"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Report (from $FAKE/kpatch-a.ko):"* ]]
	[[ "$output" == *"  Summary: 1 object, 1 function replaced, 0 new functions"* ]]
	[[ "$output" == *"    cmdline_proc_show: strings: differ"* ]]
	"$KPATCH" info --json "$FAKE/kpatch-a.ko" >"$W/i.json"
	[ "$(json 'r["report"]["objects"][0]["changed"][0]["function"]' "$W/i.json")" = cmdline_proc_show ]
	[ "$(json 'r["modinfo"] is not None and r["name"]' "$W/i.json")" = kpatch_a ]
	fake_module "$FAKE/plain.ko" "$(vermagic_for "$KVER")" kpatch_a
	run "$KPATCH" info "$FAKE/plain.ko"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Report: none ($FAKE/plain.ko carries no report"* ]]
	"$KPATCH" info --json "$FAKE/plain.ko" >"$W/p.json"
	[ "$(json 'r["report"]' "$W/p.json")" = None ]
	cli_teardown
}

@test "kpatch info: a JSON report section that is not JSON is null, and the status 1" {
	cli_setup
	fake_module "$FAKE/bad.ko.tmp" "$(vermagic_for "$KVER")" kpatch_a
	printf 'text\n' >"$W/t"
	printf '{"format":1,"x":[1,2}' >"$W/j"
	objcopy --add-section ".kpatch.report=$W/t" --add-section ".kpatch.report.json=$W/j" \
		"$FAKE/bad.ko.tmp" "$FAKE/bad.ko"
	run "$KPATCH" info --json "$FAKE/bad.ko"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not valid JSON"* ]]
	grep '^{' <<<"$output" >"$W/o.json"
	[ "$(json 'r["report"]' "$W/o.json")" = None ]
	cli_teardown
}

@test "kpatch info: a loaded patch's report comes from the file kpatch load recorded, if it is the loaded build" {
	cli_setup
	export KPATCH_RUN_DIR=$FAKE/run
	fake_core
	fake_patch kpatch_a 1 sum-loaded
	printf 'x.o\tchanged\tloaded_one\tbytes: differ\n' >"$W/f"
	report_module "$FAKE/elsewhere.ko" "$W/f" sum-loaded
	# No record, no installed copy: said, and no report.
	run "$KPATCH" info kpatch_a
	[[ "$output" == *"Report: none (no file of the loaded build was found: kpatch load recorded no file for it"* ]]
	# The record kpatch load writes: the file's absolute path.
	mkdir -p "$KPATCH_RUN_DIR/loaded"
	printf '%s\n' "$FAKE/elsewhere.ko" >"$KPATCH_RUN_DIR/loaded/kpatch_a"
	run "$KPATCH" info kpatch_a
	[[ "$output" == *"Report (from $FAKE/elsewhere.ko):"* ]]
	[[ "$output" == *"loaded_one: bytes: differ"* ]]
	# Another build at that path is not taken for the loaded one.
	report_module "$FAKE/elsewhere.ko" "$W/f" sum-other
	run "$KPATCH" info kpatch_a
	[[ "$output" == *"is another build (checksum sum-other, the loaded one's sum-loaded)"* ]]
	[[ "$output" != *"Report (from"* ]]
	cli_teardown
}
