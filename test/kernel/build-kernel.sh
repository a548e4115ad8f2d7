#!/bin/bash
# Build (once) the test kernel from Debian's linux-source-6.1 plus
# test/kernel/config.fragment, in a cache directory keyed by the source
# package version, the fragment and the compiler. Prints the tree's path.
# --series 6.12 (first) builds linux-source-6.12 with config.6.12.fragment
# on top, in its own cache directory (its source version is in the key).
#
#   build-kernel.sh            build if needed, print the kernel tree
#   build-kernel.sh --dir      print the tree's path without building
#   build-kernel.sh --check-config FILE
#                              check that FILE (a .config) has every option
#                              of the fragment; name each one it lacks
#   build-kernel.sh --debug ...
#                              the same for the debug variant: the fragment
#                              plus config.debug.fragment (lockdep, KASAN),
#                              in its own cache directory (debug-<key>)
set -euo pipefail

export KP_STEP=test-kernel
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../scripts/lib.sh
. "$here/../../scripts/lib.sh"

fragment=$here/config.fragment
series=6.1
tarball=/usr/src/linux-source-6.1.tar.xz
variant=""
fragments=("$fragment")

# --series 6.12: that source and its fragment on top of the 6.1 one.
use_series() {
	case "$1" in
	6.1) ;;
	6.12) fragments+=("$here/config.6.12.fragment") ;;
	*) kp_die "unsupported kernel series $1 (supported: 6.1, 6.12)" ;;
	esac
	series=$1
	tarball=/usr/src/linux-source-$1.tar.xz
}

cache_key() {
	local srcver
	srcver=$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null) ||
		kp_die "linux-source-$series is not installed (run scripts/install-deps.sh)"
	# The default variant's key is the fragment alone, as it always was.
	{
		printf '%s\n' "$srcver"
		cat "${fragments[@]}"
		gcc --version | head -n 1
	} | sha256sum | cut -c1-12 | sed "s/^/${variant:+$variant-}${srcver}-/"
}

# The fragments as one list, a later line for an option replacing an earlier.
merged_fragment() {
	awk '
		/^CONFIG_[A-Za-z0-9_]+=/ { opt = $0; sub(/=.*/, "", opt) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { opt = $2 }
		opt != "" { if (!(opt in line)) order[n++] = opt; line[opt] = $0; opt = "" }
		END { for (i = 0; i < n; i++) print line[order[i]] }
	' "${fragments[@]}"
}

kernel_dir() {
	printf '%s/test-kernel/%s\n' "$(kp_cache_dir)" "$(cache_key)"
}

# Every CONFIG_X=v and "# CONFIG_X is not set" line must hold in .config.
check_config() {
	local config=$1 line opt bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$config" || {
				kp_log "config option did not stick: $line"
				bad=1
			}
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			! grep -q "^$opt=" "$config" || {
				kp_log "config option should be unset: $opt"
				bad=1
			}
			;;
		esac
	done < <(merged_fragment)
	return "$bad"
}

configure() {
	local tree=$1 log=$2
	make -C "$tree" tinyconfig >>"$log" 2>&1 || kp_die "make tinyconfig failed" "$log"
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$tree" "$tree/.config" \
		"${fragments[@]}" >>"$log" 2>&1 || kp_die "merge_config failed" "$log"
	make -C "$tree" olddefconfig >>"$log" 2>&1 || kp_die "make olddefconfig failed" "$log"
	check_config "$tree/.config" || kp_die "the kernel config lacks options named above" "$log"
}

# Builds in DIR.tmp and renames, so a half-built tree never looks finished.
build() {
	local dir=$1.tmp tree=$1.tmp/linux log=$1.tmp/build.log start
	start=$(date +%s)
	rm -rf "$dir"
	mkdir -p "$tree"
	kp_log "building in $dir (log: $log)"
	[ -f "$tarball" ] || kp_die "$tarball missing (run scripts/install-deps.sh)"
	tar -xf "$tarball" -C "$tree" --strip-components=1 >"$log" 2>&1 ||
		kp_die "unpacking $tarball failed" "$log"
	configure "$tree" "$log"
	make -C "$tree" -j"$(nproc)" bzImage modules >>"$log" 2>&1 ||
		kp_die "kernel build failed" "$log"
	touch "$dir/.built"
	rm -rf "$1"
	mv "$dir" "$1"
	kp_log "built in $(($(date +%s) - start)) s"
}

main() {
	local dir lock
	if [ "${1:-}" = --series ]; then
		use_series "${2:-}"
		shift 2
	fi
	if [ "${1:-}" = --debug ]; then
		variant=debug
		fragments+=("$here/config.debug.fragment")
		shift
	fi
	dir=$(kernel_dir)
	if [ "${1:-}" = --check-config ]; then
		check_config "$2"
		return
	fi
	if [ "${1:-}" = --dir ]; then
		printf '%s/linux\n' "$dir"
		return
	fi
	if [ ! -f "$dir/.built" ]; then
		# One build at a time per series; later callers wait and then find
		# it built (a 6.12 build never holds up the 6.1 kernels).
		mkdir -p "$(dirname "$dir")"
		lock=.lock
		[ "$series" = 6.1 ] || lock=.lock-$series
		exec 9>"$(dirname "$dir")/$lock"
		flock 9
		[ -f "$dir/.built" ] || build "$dir"
		exec 9>&-
	fi
	printf '%s/linux\n' "$dir"
}

main "$@"
