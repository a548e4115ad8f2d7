# shellcheck shell=bash
# kpatch-build: logging, step timing and failure reporting.

KB_START=$(date +%s)
KB_LOG=/dev/null
KB_DEBUG=0

kb_say() {
	printf 'kpatch-build: %s\n' "$*"
}

# kb_step NAME: one progress line per step, with the elapsed time so far.
kb_step() {
	printf 'kpatch-build: [%4ss] %s\n' "$(($(date +%s) - KB_START))" "$*"
	printf '\n=== %s\n' "$*" >>"$KB_LOG"
}

kb_debug() {
	[ "$KB_DEBUG" -ge 1 ] && printf 'kpatch-build: debug: %s\n' "$*" >&2
	return 0
}

# kb_die MESSAGE: one clear line, the log's last lines, non-zero exit.
# The EXIT trap reverts patches and cleans up.
kb_die() {
	printf 'kpatch-build: error: %s\n' "$*" >&2
	# The message is the failed build's report's first line.
	[ -z "${KB_WORK:-}" ] || printf '%s\n' "$*" >"$KB_WORK/.died" 2>/dev/null || true
	if [ -s "$KB_LOG" ] && [ "$KB_LOG" != /dev/null ]; then
		printf 'kpatch-build: last lines of %s:\n' "$KB_LOG" >&2
		tail -n 20 "$KB_LOG" | sed 's/^/  /' >&2
	fi
	exit 1
}

# kb_run CMD...: run with output to the log (and the terminal with -d -d);
# the caller says what failed.
kb_run() {
	printf '$ %s\n' "$*" >>"$KB_LOG"
	if [ "$KB_DEBUG" -ge 2 ]; then
		"$@" 2>&1 | tee -a "$KB_LOG"
	else
		"$@" >>"$KB_LOG" 2>&1
	fi
}

kb_need_tool() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			kb_die "required tool '$t' not found in PATH (install the package that provides it)"
	done
}

# set -e ends the script on any unchecked failure: say which command it was,
# unless kb_die (here or in a subshell) already said why.
kb_on_error() {
	local rc=$1 cmd=$2 line=$3
	[ -n "${KB_WORK:-}" ] && [ -f "$KB_WORK/.died" ] && return 0
	printf 'kpatch-build: error: unexpected failure (status %s) of: %s (line %s)\n' "$rc" "$cmd" "$line" >&2
	[ -z "${KB_WORK:-}" ] ||
		printf 'unexpected failure (status %s) of: %s\n' "$rc" "$cmd" >"$KB_WORK/.died" 2>/dev/null || true
}
