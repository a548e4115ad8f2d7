# shellcheck shell=bash
# Shared helpers for the project's shell scripts: where the cache lives and
# how a step reports failure. Sourced, never run.

# KPATCH_CACHE overrides everything; otherwise the XDG cache directory.
kp_cache_dir() {
	printf '%s\n' "${KPATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpatch-dev}"
}

kp_log() {
	printf '[%s] %s\n' "${KP_STEP:-kpatch}" "$*" >&2
}

# kp_die MESSAGE [LOGFILE]: name the step, show the log's tail, exit non-zero.
kp_die() {
	printf '[%s] error: %s\n' "${KP_STEP:-kpatch}" "$1" >&2
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		printf '[%s] last lines of %s:\n' "${KP_STEP:-kpatch}" "$2" >&2
		tail -n 25 "$2" >&2
	fi
	exit 1
}

kp_project_root() {
	cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}
