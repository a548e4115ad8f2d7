# shellcheck shell=bash
# kpatch-build: the reviewer's report. Every create-diff-object run appends
# its facts ("OBJECT<TAB>KIND<TAB>NAME<TAB>DETAIL") to a file of its own
# (KPATCH_REPORT_FACTS); they are gathered under the object's path with
# kpatch-build's own facts about the object and the build, and kpatch-report
# turns them into OUTDIR/NAME.report (and NAME.report.json with
# --report=json). The module carries both in non-allocated sections
# (.kpatch.report, .kpatch.report.json: no kernel memory), for `kpatch info`.
# A build that stops once the differ has started still writes the report,
# saying why at the top.

KB_FACTS="" KB_REPORT_JSON=0 KB_VMLINUX_SUM="" KB_CONFIG_SUM=""

kb_report_init() {
	KB_FACTS=$KB_WORK/report.facts
	: >"$KB_FACTS"
	mkdir -p "$KB_WORK/facts"
}

# kb_report_option VALUE: --report=text|json.
kb_report_option() {
	case "$1" in
	text) KB_REPORT_JSON=0 ;;
	json) KB_REPORT_JSON=1 ;;
	*) kb_die "--report takes text or json, not '$1'" ;;
	esac
}

# kb_fact OBJECT KIND NAME DETAIL: one fact line on stdout; tabs and
# newlines inside a field would split it, so they become spaces.
kb_fact() {
	local f fields=()
	for f in "$@"; do
		f=${f//$'\t'/ }
		fields+=("${f//$'\n'/ }")
	done
	printf '%s\t%s\t%s\t%s\n' "${fields[@]:0:4}"
}

kb_report_outcome() {
	case "$1" in
	0) echo patched ;;
	"$CDO_NO_CHANGE") echo "no change" ;;
	"$CDO_UNSUPPORTED") echo refused ;;
	*) echo "error (status $1)" ;;
	esac
}

# kb_report_object OBJ PARENT STATUS FACTS OUTPUT: OBJ's facts, under its
# path (the differ names an object by its file's base name). A refusal the
# differ stated only in its output is kept as such, so the report says why.
kb_report_object() {
	local obj=$1 parent=$2 rc=$3 facts=$4 log=$5 line
	{
		kb_fact "$obj" object "$parent" "$(kb_report_outcome "$rc")"
		[ ! -f "$facts" ] || awk -v o="$obj" '{
			i = index($0, "\t")
			if (i) print o substr($0, i); else print o "\tmalformed\t-\t" $0 }' "$facts"
		if [ "$rc" -eq "$CDO_UNSUPPORTED" ] && ! grep -q "$(printf '\t')refused$(printf '\t')" "$facts" 2>/dev/null; then
			grep -E 'unsupported|ERROR' "$log" | head -n 20 | while read -r line; do
				kb_fact "$obj" refused "(create-diff-object)" "$line"
			done
		fi
	} >>"$KB_FACTS"
}

kb_sha256() {
	if [ -n "$1" ] && [ -f "$1" ]; then
		sha256sum "$1" | cut -d' ' -f1
	else
		echo -
	fi
}

# The source the module was built from: the Debian package version when
# it is a Debian kernel, else the tree's kernel version.
kb_report_source_version() {
	local deb=${KB_SRC_VERSION:-} tree=${SRCDIR:-$KB_TREE}
	[ -n "$deb" ] || [ -z "$VMLINUX" ] || deb=$(kb_vmlinux_debian_version "$VMLINUX")
	if [ -n "$deb" ]; then
		printf 'Debian linux-source-6.1 %s\n' "$deb"
	elif [ -n "$tree" ] && [ -d "$tree" ]; then
		printf 'Linux %s (%s)\n' "$(kb_kernel_version "$tree")" "$tree"
	else
		echo -
	fi
}

# kb_report_build_facts RESULT ERROR: the build's facts (OBJECT "-").
kb_report_build_facts() {
	local p
	[ -n "$KB_VMLINUX_SUM" ] || KB_VMLINUX_SUM=$(kb_sha256 "$VMLINUX")
	[ -n "$KB_CONFIG_SUM" ] || KB_CONFIG_SUM=$(kb_sha256 "$CONFIGFILE")
	kb_fact - build name "$MODNAME"
	kb_fact - build result "$1"
	kb_fact - build error "${2:--}"
	if [ "$1" = built ]; then
		kb_fact - build module "$MODNAME.ko"
		kb_fact - build checksum "${KB_CHECKSUM:--}"
	fi
	kb_fact - build replace "$([ "$REPLACE" -eq 1 ] && echo yes || echo no)"
	kb_fact - build kernel_release "${KB_KREL:--}"
	kb_fact - build source_version "$(kb_report_source_version)"
	kb_fact - build config_sha256 "$KB_CONFIG_SUM"
	kb_fact - build vmlinux_sha256 "$KB_VMLINUX_SUM"
	[ -z "$KB_OOT_MODULE" ] || kb_fact - build oot_module "$KB_OOT_MODULE (sha256 $(kb_sha256 "$KB_OOT_MODULE"))"
	kb_fact - build kpatch_version "$KB_VERSION"
	kb_fact - build date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	for p in "${PATCHES[@]}"; do
		kb_fact - patch "$(basename "$p")" "$(kb_sha256 "$p")"
	done
}

# kb_report_write RESULT ERROR: $KB_WORK/report.txt and report.json.
kb_report_write() {
	local all=$KB_WORK/report.all
	{ kb_report_build_facts "$1" "$2"; cat "$KB_FACTS"; } >"$all" || return 1
	"$KB_TOOLS/kpatch-report" "$all" >"$KB_WORK/report.txt" &&
		"$KB_TOOLS/kpatch-report" --json "$all" >"$KB_WORK/report.json"
}

# kb_report_embed OBJ: both reports in non-allocated sections of OBJ.
kb_report_embed() {
	kb_run objcopy --add-section ".kpatch.report=$KB_WORK/report.txt" \
		--set-section-flags .kpatch.report=contents,readonly \
		--add-section ".kpatch.report.json=$KB_WORK/report.json" \
		--set-section-flags .kpatch.report.json=contents,readonly "$1" ||
		kb_die "objcopy could not add the report sections to $1"
}

kb_report_publish() {
	cp "$KB_WORK/report.txt" "$OUTDIR/$MODNAME.report" || return 1
	if [ "$KB_REPORT_JSON" -eq 1 ]; then
		cp "$KB_WORK/report.json" "$OUTDIR/$MODNAME.report.json" || return 1
		kb_say "wrote the report: $OUTDIR/$MODNAME.report and $MODNAME.report.json"
	else
		kb_say "wrote the report: $OUTDIR/$MODNAME.report"
	fi
}

# kb_report_failed STATUS: from the exit trap; the report of a build that
# stopped after the differ started, its first line saying why.
kb_report_failed() {
	local rc=$1 result=failed error
	[ -n "$KB_FACTS" ] && [ -f "$KB_WORK/.differ" ] || return 0
	[ ! -f "$KB_WORK/.refused" ] || result=refused
	error=$(head -n 1 "$KB_WORK/.died" 2>/dev/null) || true
	[ -n "$error" ] || error="stopped (status $rc)"
	if kb_report_write "$result" "$error" && kb_report_publish; then
		return 0
	fi
	kb_say "warning: the report could not be written" >&2
}
