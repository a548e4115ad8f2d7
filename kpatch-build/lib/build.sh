# shellcheck shell=bash
# kpatch-build: build the cached tree before and after the patches, and keep
# the tree clean: patches are recorded as they are applied and reverted on
# every exit, the objects the patched build replaced are put back, and a tree
# a killed run left patched is restored on the next.

kb_state_dir() {
	printf '%s/state\n' "$(dirname "$KB_TREE")"
}

# CC names kpatch-cc through PATH, not by its location: kbuild rebuilds any
# object whose command line changed, and the tree is shared by every
# checkout and installation of kpatch-build.
kb_make() {
	kb_run env PATH="$(dirname "$KB_CC"):$PATH" \
		KPATCH_CC_INCLUDE="$KB_DATA/kmod/patch:$KB_DATA/kmod/core" make -C "$KB_TREE" -j"$JOBS" \
		CC="kpatch-cc gcc" KCFLAGS="-ffunction-sections -fdata-sections" "$@"
}

# The make targets: upstream's -t meaning (default "vmlinux modules"), except
# that vmlinux stops at vmlinux.o (the final link is never needed) and that,
# by default, only the modules the patches touch are built (their objects,
# added by kb_module_targets), not every module of the tree.
kb_make_targets() {
	local t
	if [ "${#TARGETS[@]}" -eq 0 ]; then
		echo vmlinux_o
		return
	fi
	for t in "${TARGETS[@]}"; do
		case $t in
		vmlinux) echo vmlinux_o ;;
		*) echo "$t" ;;
		esac
	done
}

kb_targets_build_modules() {
	[ "${#TARGETS[@]}" -eq 0 ] || printf '%s\n' "${TARGETS[@]}" | grep -x modules >/dev/null
}

# The files the patches change, as paths in the tree (-p1).
kb_patch_files() {
	local p
	for p in "${PATCHES[@]}"; do
		awk 'prev ~ /^--- / && /^\+\+\+ / {
			f = $2; if (f == "/dev/null") { split(prev, a, " "); f = a[2] }
			sub("^[^/]*/", "", f); print f }
			{ prev = $0 }' "$p"
	done | sort -u
}

# The objects of the C files the patches change.
kb_patch_objects() {
	kb_patch_files | sed -n 's/\.c$/.o/p'
}

# A patched C file that no target builds yet: build its object alone
# (kbuild compiles it with its module's flags when it belongs to one).
kb_module_targets() {
	local o
	kb_targets_build_modules || return 0
	while read -r o; do
		[ -f "$KB_TREE/$(kb_cmd_file "$o")" ] || [ ! -f "$KB_TREE/${o%.o}.c" ] || echo "$o"
	done < <(kb_patch_objects)
}

# Module objects already built in the tree that depend on a file the patches
# change (a header): kbuild recorded their dependencies in their .cmd files.
# Modules never built in the cached tree are not reached (-t modules builds
# them all).
kb_header_module_objects() {
	local files=() f c o
	mapfile -t files < <(kb_patch_files | grep -v '\.c$' || true)
	[ "${#files[@]}" -gt 0 ] || return 0
	kb_targets_build_modules || return 0
	for f in "${files[@]}"; do
		grep -rlF --include='.*.o.cmd' -e "  $f" "$KB_TREE" 2>/dev/null || true
	done | sort -u | while read -r c; do
		o=$(basename "$c" .cmd)
		o=${c%/*}/${o#.}
		o=${o#"$KB_TREE"/}
		sed -n "s|^cmd_$o := ||p" "$c" | grep -w -- -DMODULE >/dev/null && echo "$o"
	done
	kb_say "note: the patches change ${files[*]}; only modules already built in the cached tree are rebuilt for it (-t vmlinux -t modules builds them all)" >&2
}

kb_build_original() {
	local extra
	kb_step "building the original kernel (reused when already built)"
	# shellcheck disable=SC2046 # word splitting of the target list is wanted
	kb_make $(kb_make_targets) || kb_die "the original kernel failed to build"
	mapfile -t extra < <({ kb_module_targets; kb_header_module_objects 2>/dev/null; } | sort -u)
	[ "${#extra[@]}" -eq 0 ] && return 0
	kb_step "building the module objects the patches touch: ${extra[*]}"
	kb_make "${extra[@]}" || kb_die "building ${extra[*]} failed (see the log)"
}

# kb_copy_files DIR DEST: DEST (made afresh) holds DIR's copies of the
# files named on stdin, paths kept; names DIR lacks are skipped.
kb_copy_files() {
	local dir=$1 dest=$2 f
	rm -rf "$dest"
	mkdir -p "$dest"
	while read -r f; do
		[ -f "$dir/$f" ] || continue
		mkdir -p "$dest/$(dirname "$f")"
		cp "$dir/$f" "$dest/$f"
	done
}

# kb_patch_sandbox DIR: a scratch directory holding DIR's copies of the
# files the patches change, to dry-run them without touching DIR.
kb_patch_sandbox() {
	kb_patch_files | kb_copy_files "$1" "$KB_WORK/dry-run"
	printf '%s\n' "$KB_WORK/dry-run"
}

# kb_dry_run_patches SANDBOX WHAT: every patch must apply, in order, before
# anything is built; patch's own account of a failing hunk is shown.
kb_dry_run_patches() {
	local tmp=$1 what=$2 p out
	kb_step "checking that the patches apply to $3"
	for p in "${PATCHES[@]}"; do
		if ! out=$(patch -d "$tmp" -p1 -N -t <"$p" 2>&1); then
			printf '%s\n' "$out" >>"$KB_LOG"
			printf '%s\n' "$out" | grep -E 'FAILED|malformed|can.t find file|Reversed|No file|Only garbage|unexpected' |
				head -n 5 | sed 's/^/  /' >&2
			kb_die "patch $p does not apply to $what"
		fi
	done
	rm -rf "$tmp"
}

kb_apply_patches() {
	local p n=0 state
	state=$(kb_state_dir)
	mkdir -p "$state/applied"
	kb_save_sums "$state/sums"
	kb_save_unpatched "$KB_TREE" "$KB_WORK/unpatched"
	for p in "${PATCHES[@]}"; do
		n=$((n + 1))
		kb_step "applying $(basename "$p")"
		cp "$p" "$state/applied/$(printf '%03d' "$n").patch"
		kb_run patch -d "$KB_TREE" -p1 -N <"$p" || kb_die "applying $p failed"
	done
	# Named to sort after the numbered patches: reverted first.
	kb_apply_line_directives "$KB_WORK/unpatched" "$KB_TREE" "$state/applied/line-directives.patch"
}

# Checksums of the files the patches change, to prove the revert restored them.
kb_save_sums() {
	local f
	(cd "$KB_TREE" && while read -r f; do
		[ ! -f "$f" ] || sha256sum "$f"
	done < <(kb_patch_files)) >"$1"
}

# A tree whose revert failed is rebuilt from scratch by the next run.
kb_mark_rebuild() {
	rm -f "$(dirname "$KB_TREE")/.prepared"
	kb_say "warning: $1; the cached tree will be rebuilt by the next run"
}

kb_revert_patches() {
	local state p ok=1
	state=$(kb_state_dir)
	[ -d "$state/applied" ] || return 0
	for p in $(find "$state/applied" -name '*.patch' | sort -r); do
		patch -d "$KB_TREE" -p1 -R -s -t <"$p" >>"$KB_LOG" 2>&1 || ok=0
		rm -f "$p"
	done
	rmdir "$state/applied" 2>/dev/null || true
	if [ "$ok" -eq 0 ]; then
		kb_mark_rebuild "reverting the patches failed"
	elif [ ! -f "$state/sums" ]; then
		# Left by a run that kept no checksums: the sources are back, and
		# make rebuilds the objects it replaced, as they are older.
		rm -rf "$state/cc"
	elif (cd "$KB_TREE" && sha256sum -c --quiet "$state/sums" >>"$KB_LOG" 2>&1); then
		kb_restore_objects
	else
		kb_mark_rebuild "the reverted sources differ from the originals"
	fi
	rm -f "$state/sums"
}

# Puts back the objects (and their .cmd files) the patched build replaced,
# newer than the reverted sources, so the next run finds them up to date.
kb_restore_objects() {
	local cc o
	cc=$(kb_state_dir)/cc
	[ -f "$cc/changed-objects" ] || return 0
	while read -r o; do
		if [ -f "$cc/orig/$o" ]; then
			cp -p "$cc/orig/$o" "$KB_TREE/$o"
			[ ! -f "$cc/orig/$(kb_cmd_file "$o")" ] ||
				cp -p "$cc/orig/$(kb_cmd_file "$o")" "$KB_TREE/$(kb_cmd_file "$o")"
			touch "$KB_TREE/$o"
		else
			rm -f "$KB_TREE/$o" "$KB_TREE/$(kb_cmd_file "$o")"
		fi
		rm -f "$KB_TREE/$(dirname "$o")/.$(basename "$o").d"
	done < <(sort -u "$cc/changed-objects")
	rm -rf "$cc"
}

# Called at start-up: undo whatever a killed run left applied.
kb_restore_tree() {
	local state
	state=$(kb_state_dir)
	if [ -d "$state/applied" ]; then
		kb_say "reverting patches left applied by an earlier, interrupted run"
		kb_revert_patches
	fi
	rm -rf "$state/cc"
}

kb_patched_env() {
	KB_CC_DIR=$(kb_state_dir)/cc
	rm -rf "$KB_CC_DIR"
	mkdir -p "$KB_CC_DIR/orig"
	: >"$KB_CC_DIR/changed-objects"
}

# The patched build through kbuild: what the original build built.
kb_build_patched() {
	local extra
	kb_patched_env
	kb_step "building the patched kernel"
	extra=()
	if kb_targets_build_modules; then
		mapfile -t extra < <({
			kb_patch_objects | while read -r o; do
				[ ! -f "$KB_TREE/$(kb_cmd_file "$o")" ] || ! grep -qw -- -DMODULE "$KB_TREE/$(kb_cmd_file "$o")" || echo "$o"
			done
			kb_header_module_objects
		} | grep '\.o$' | sort -u)
	fi
	# shellcheck disable=SC2046
	KPATCH_CC_MODE=patched KPATCH_CC_DIR=$KB_CC_DIR kb_make $(kb_make_targets) "${extra[@]}" ||
		kb_die "the patched kernel failed to build"
	kb_changed_objects
}

# Sets KB_CHANGED to the objects the patched build recompiled; their
# originals are saved under $KB_CC_DIR/orig by kpatch-cc.
kb_changed_objects() {
	local f
	mapfile -t KB_CHANGED < <(sort -u "$KB_CC_DIR/changed-objects")
	if [ "${#KB_CHANGED[@]}" -gt 0 ]; then
		kb_say "changed objects: ${KB_CHANGED[*]}"
		return 0
	fi
	f=$(kb_patch_files | grep '\.c$' | head -n 1) || true
	[ -z "$f" ] || kb_die "the patches change $f, but no target builds it (not built with this config, or in a module that -t does not build)"
	kb_die "the patches change no object file"
}
