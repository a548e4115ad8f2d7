# shellcheck shell=bash
# kpatch-build: the quick path for patches that change only C files. Instead
# of letting make walk the whole tree twice, each changed object is checked
# against the dependencies kbuild recorded in its .cmd file (rebuilt by make
# only if it is stale) and recompiled, once patched, with the command line
# kbuild recorded there. Patches that touch anything else (headers, Makefiles,
# assembly) go through kbuild (kb_build_original/kb_build_patched).

kb_cmd_file() {
	printf '%s/.%s.cmd\n' "$(dirname "$1")" "$(basename "$1")"
}

# kb_cmd_line OBJ: the command kbuild last ran for OBJ (make's escapes
# undone); fails when the recorded line uses make syntax we do not expand.
kb_cmd_line() {
	local obj=$1 line
	line=$(sed -n "s|^cmd_$obj := ||p" "$KB_TREE/$(kb_cmd_file "$obj")")
	[ -n "$line" ] || return 1
	line=${line//\$(pound)/#}
	line=${line//\$\$/\$}
	[[ "$line" != *"\$("* ]] || return 1
	printf '%s\n' "$line"
}

# kb_object_deps OBJ: the source and headers kbuild recorded for OBJ.
kb_object_deps() {
	awk -v obj="$1" '
		$0 == "source_" obj " := " || index($0, "source_" obj " := ") == 1 { print $3 }
		index($0, "deps_" obj " := ") == 1 { on = 1; next }
		on { line = $0; more = sub(/\\$/, "", line)
			gsub(/\$\(wildcard /, "?", line); gsub(/\)/, "", line)
			n = split(line, w, " "); for (i = 1; i <= n; i++) print w[i]
			if (!more) on = 0 }' "$KB_TREE/$(kb_cmd_file "$1")"
}

# kb_object_fresh OBJ: the object exists and nothing it depends on is newer.
kb_object_fresh() {
	local obj=$1 d deps=()
	[ -f "$KB_TREE/$obj" ] && [ -f "$KB_TREE/$(kb_cmd_file "$obj")" ] || return 1
	kb_cmd_line "$obj" >/dev/null || return 1
	while read -r d; do
		case $d in
		\?*) [ ! -e "$KB_TREE/${d#\?}" ] || deps+=("${d#\?}") ;;
		*) [ -e "$KB_TREE/$d" ] || [ -e "$d" ] || return 1; deps+=("$d") ;;
		esac
	done < <(kb_object_deps "$obj")
	[ "${#deps[@]}" -gt 0 ] || return 1
	[ -z "$(cd "$KB_TREE" && find "${deps[@]}" -maxdepth 0 -newer "$obj" -print -quit 2>/dev/null)" ]
}

# The quick path applies when the patches change only existing C files
# and the tree has been built once.
kb_fast_possible() {
	local f n=0
	[ -f "$KB_TREE/vmlinux.a" ] || return 1
	while read -r f; do
		case $f in
		*.c) [ -f "$KB_TREE/$f" ] || return 1 ;;
		*) return 1 ;;
		esac
		n=$((n + 1))
	done < <(kb_patch_files)
	[ "$n" -gt 0 ]
}

# Brings each changed object up to date in the original tree.
kb_fast_original() {
	local o stale=()
	kb_step "checking the original objects"
	while read -r o; do
		kb_object_fresh "$o" || stale+=("$o")
	done < <(kb_patch_objects)
	if [ "${#stale[@]}" -gt 0 ]; then
		kb_step "building the original ${stale[*]}"
		kb_make "${stale[@]}" || kb_die "building the original ${stale[*]} failed"
	fi
	while read -r o; do
		{ [ -f "$KB_TREE/$o" ] && kb_cmd_line "$o" >/dev/null; } ||
			kb_die "${o%.o}.c is not built with this kernel config (no $o)"
		kb_targets_build_modules || ! kb_cmd_line "$o" | grep -w -- -DMODULE >/dev/null ||
			kb_die "${o%.o}.c is part of module $(kb_parent "$o"), and -t ${TARGETS[*]} builds no modules"
	done < <(kb_patch_objects)
}

# Recompiles each changed object with its recorded command, through
# kpatch-cc in patched mode (which saves the original), and records the
# symbol CRCs as kbuild would for an object that exports symbols.
kb_fast_patched() {
	local o line
	kb_patched_env
	kb_step "compiling the patched objects"
	while read -r o; do
		line=$(kb_cmd_line "$o")
		printf '$ %s\n' "$line" >>"$KB_LOG"
		(cd "$KB_TREE" && env PATH="$(dirname "$KB_CC"):$PATH" KPATCH_CC_MODE=patched \
			KPATCH_CC_DIR="$KB_CC_DIR" KPATCH_CC_INCLUDE="$KB_DATA/kmod/patch:$KB_DATA/kmod/core" \
			sh -ec "$line") >>"$KB_LOG" 2>&1 || kb_die "the patched ${o%.o}.c failed to compile"
		rm -f "$KB_TREE/$(dirname "$o")/.$(basename "$o").d"
		kb_fast_symvers "$o" "$line"
	done < <(kb_patch_objects)
	kb_changed_objects
}

# kb_fast_symvers OBJ CMDLINE: genksyms over the patched source, written into
# the .cmd file as kbuild does (restored with the original object later).
kb_fast_symvers() {
	local obj=$1 cc cmd crcs
	cmd=$KB_TREE/$(kb_cmd_file "$obj")
	grep -q '^#SYMVER ' "$cmd" || return 0
	cc=${2%%;*}
	cc=$(printf '%s\n' "$cc" | sed -e 's/-Wp,-MMD,[^ ]*//' -e "s| -c -o $obj | -E -D__GENKSYMS__ |")
	crcs=$(cd "$KB_TREE" && env PATH="$(dirname "$KB_CC"):$PATH" \
		KPATCH_CC_INCLUDE="$KB_DATA/kmod/patch:$KB_DATA/kmod/core" sh -c "$cc" 2>>"$KB_LOG" |
		scripts/genksyms/genksyms -r /dev/null) ||
		kb_die "computing the symbol CRCs of the patched $obj failed"
	sed -i '/^#SYMVER /d' "$cmd"
	printf '%s\n' "$crcs" >>"$cmd"
}
