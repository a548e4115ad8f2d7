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
	[ "$KB_DEBUG" -eq 1 ] && printf 'kpatch-build: debug: %s\n' "$*" >&2
	return 0
}

# kb_die MESSAGE: one clear line, the log's last lines, non-zero exit.
# The EXIT trap reverts patches and cleans up.
kb_die() {
	printf 'kpatch-build: error: %s\n' "$*" >&2
	if [ -s "$KB_LOG" ] && [ "$KB_LOG" != /dev/null ]; then
		printf 'kpatch-build: last lines of %s:\n' "$KB_LOG" >&2
		tail -n 20 "$KB_LOG" | sed 's/^/  /' >&2
	fi
	exit 1
}

# kb_run CMD...: run with output to the log; the caller says what failed.
kb_run() {
	printf '$ %s\n' "$*" >>"$KB_LOG"
	"$@" >>"$KB_LOG" 2>&1
}

kb_need_tool() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			kb_die "required tool '$t' not found (install it, e.g. with scripts/install-deps.sh)"
	done
}
