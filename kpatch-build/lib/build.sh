# shellcheck shell=bash
# kpatch-build: build the cached tree before and after the patches, and keep
# the tree clean: patches are recorded as they are applied and reverted on
# every exit, and a tree a killed run left patched is restored on the next.

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

# What to build: vmlinux's objects (vmlinux_o: no final link) and, when -t
# names modules, the modules too. The final vmlinux is never needed.
kb_make_targets() {
	if [ "${#TARGETS[@]}" -gt 0 ]; then
		echo vmlinux_o modules
	else
		echo vmlinux_o
	fi
}

kb_build_original() {
	kb_step "building the original kernel (reused when already built)"
	# shellcheck disable=SC2046 # word splitting of the target list is wanted
	kb_make $(kb_make_targets) || kb_die "the original kernel failed to build"
}

# A patch that does not apply is named with patch's own account of the hunk.
kb_apply_patches() {
	local p n=0 state out
	state=$(kb_state_dir)/applied
	mkdir -p "$state"
	for p in "${PATCHES[@]}"; do
		n=$((n + 1))
		kb_step "applying $(basename "$p")"
		if ! out=$(patch -d "$KB_TREE" -p1 -N --dry-run <"$p" 2>&1); then
			printf '%s\n' "$out" >>"$KB_LOG"
			printf '%s\n' "$out" | grep -E 'FAILED|malformed|can.t find file|Reversed|No file' |
				head -n 5 | sed 's/^/  /' >&2
			kb_die "patch $p does not apply to $(kb_kernel_version "$KB_TREE")"
		fi
		cp "$p" "$state/$(printf '%03d' "$n").patch"
		kb_run patch -d "$KB_TREE" -p1 -N <"$p" || kb_die "applying $p failed"
	done
}

kb_revert_patches() {
	local state p
	state=$(kb_state_dir)/applied
	[ -d "$state" ] || return 0
	for p in $(find "$state" -name '*.patch' | sort -r); do
		patch -d "$KB_TREE" -p1 -R -s <"$p" >>"$KB_LOG" 2>&1 ||
			kb_say "warning: reverting $p failed; the cached tree will be rebuilt"
		rm -f "$p"
	done
	rmdir "$state" 2>/dev/null || true
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

# Sets KB_CHANGED to the objects the patched build recompiled; their
# originals are saved under $KB_CC_DIR/orig by kpatch-cc.
kb_build_patched() {
	KB_CC_DIR=$(kb_state_dir)/cc
	rm -rf "$KB_CC_DIR"
	mkdir -p "$KB_CC_DIR/orig"
	: >"$KB_CC_DIR/changed-objects"
	kb_step "building the patched kernel"
	# shellcheck disable=SC2046
	KPATCH_CC_MODE=patched KPATCH_CC_DIR=$KB_CC_DIR kb_make $(kb_make_targets) ||
		kb_die "the patched kernel failed to build"
	mapfile -t KB_CHANGED < <(sort -u "$KB_CC_DIR/changed-objects")
	if [ "${#KB_CHANGED[@]}" -gt 0 ]; then
		kb_say "changed objects: ${KB_CHANGED[*]}"
		return 0
	fi
	local unbuilt
	unbuilt=$(kb_unbuilt_sources | head -n 1)
	[ -z "$unbuilt" ] || kb_die "the patches change $unbuilt, which is not built into vmlinux (part of module $(basename "$unbuilt" .c)?): name the module with -t"
	kb_die "the patches change no object file"
}

# C files the patches touch whose objects are not linked into vmlinux
# (module sources, when modules are not built).
kb_unbuilt_sources() {
	local p f builtin
	builtin=$(ar t "$KB_TREE/vmlinux.a" 2>/dev/null)
	for p in "${PATCHES[@]}"; do
		sed -n 's|^+++ [^/]*/\([^[:space:]]*\).*|\1|p' "$p"
	done | sort -u | while read -r f; do
		case $f in
		*.c) grep -qxF -e "${f%.c}.o" -e "$KB_TREE/${f%.c}.o" <<<"$builtin" || printf '%s\n' "$f" ;;
		esac
	done
}
