# shellcheck shell=bash
# kpatch-build: a hunk that adds or removes lines moves every line after it,
# and with them __LINE__ (WARN and BUG sites, FORTIFY_SOURCE's "file:line"
# string, might_sleep) and the debug info of the functions below: they would
# look changed though their code is not. So before the patched build, each
# patched C file gets a `#line N` directive after each hunk that shifts
# lines, and the unchanged lines that follow keep their original numbers;
# the lines of a hunk keep whatever number follows, and the differ judges
# real changes. `#line N` names no file, so __FILE__ stays. The directives
# are one more patch (line-directives.patch), applied after the patches and
# reverted first, so the original build never sees them and the revert
# restores each file exactly.

# kb_save_unpatched DIR COPY: COPY holds DIR's C files the patches change.
kb_save_unpatched() {
	kb_patch_files | { grep '\.c$' || true; } | kb_copy_files "$1" "$2"
}

# kb_number_lines HUNKS PATCHED: PATCHED with the directives, where HUNKS
# holds the "@@ -a,b +c,d @@" lines of `diff -U0 UNPATCHED PATCHED`.
# A directive goes before the first unchanged line after a hunk where one
# may stand: not after a line ending in a backslash (a macro or a string
# would take it in) and, as far as a light scan of comments and literals
# tells, not inside a block comment (where it would do nothing). When no
# such line comes before the next hunk, that hunk gets none.
kb_number_lines() {
	awk '
	function scan(s, i, n, ch, q) {
		n = length(s)
		for (i = 1; i <= n; i++) {
			ch = substr(s, i, 1)
			if (incomment) {
				if (ch == "*" && substr(s, i + 1, 1) == "/") { incomment = 0; i++ }
			} else if (ch == "/" && substr(s, i + 1, 1) == "*") {
				incomment = 1; i++
			} else if (ch == "/" && substr(s, i + 1, 1) == "/") {
				return
			} else if (ch == "\"" || ch == "'\''") {
				q = ch
				for (i++; i <= n && substr(s, i, 1) != q; i++)
					if (substr(s, i, 1) == "\\") i++
			}
		}
	}
	FILENAME == ARGV[1] {
		if ($1 != "@@") next
		split(substr($2, 2), o, ","); split(substr($3, 2), p, ",")
		b = (2 in o) ? o[2] + 0 : 1; d = (2 in p) ? p[2] + 0 : 1
		nh++
		start[nh] = d > 0 ? p[1] + 0 : p[1] + 1
		after[nh] = d > 0 ? p[1] + d : p[1] + 1
		shift[nh] = (b > 0 ? o[1] + b : o[1] + 1) - after[nh]
		next
	}
	FNR == 1 { h = 1; pending = 0; corr = 0; safe = 1; incomment = 0 }
	{
		while (h <= nh && after[h] <= FNR) { pending = h; h++ }
		inside = h <= nh && start[h] <= FNR
		if (pending && shift[pending] == corr) {
			pending = 0
		} else if (pending && !inside && safe) {
			printf "#line %d\n", FNR + shift[pending]
			corr = shift[pending]
			pending = 0
		}
		print
		scan($0)
		safe = !incomment && $0 !~ /\\[ \t]*$/
	}' "$1" "$2"
}

# kb_line_patch UNPATCHED DIR OUT: OUT is the patch adding the directives to
# DIR's patched C files (empty when no hunk shifts lines).
kb_line_patch() {
	local orig=$1 dir=$2 out=$3 f rc new=$KB_WORK/numbered
	: >"$out"
	while read -r f; do
		{ [ -f "$orig/$f" ] && [ -f "$dir/$f" ]; } || continue
		mkdir -p "$new/$(dirname "$f")"
		rc=0
		diff -U0 "$orig/$f" "$dir/$f" >"$KB_WORK/hunks" || rc=$?
		[ "$rc" -le 1 ] || kb_die "comparing $f with its unpatched copy failed"
		kb_number_lines "$KB_WORK/hunks" "$dir/$f" >"$new/$f" ||
			kb_die "numbering the lines of the patched $f failed"
		rc=0
		diff -u --label "a/$f" --label "b/$f" "$dir/$f" "$new/$f" >>"$out" || rc=$?
		[ "$rc" -le 1 ] || kb_die "writing the #line directives of $f failed"
	done < <(kb_patch_files | grep '\.c$' || true)
}

# kb_apply_line_directives UNPATCHED DIR [RECORD]: adds the directives to
# DIR, keeping the patch in RECORD (so the revert takes them out first).
kb_apply_line_directives() {
	local orig=$1 dir=$2 record=${3:-} patch=$KB_WORK/line-directives.patch
	kb_line_patch "$orig" "$dir" "$patch"
	[ -s "$patch" ] || return 0
	kb_debug "#line directives keep the unchanged lines' numbers: $(grep -c '^+#line ' "$patch") added"
	[ -z "$record" ] || cp "$patch" "$record"
	kb_run patch -d "$dir" -p1 -N <"$patch" || kb_die "adding #line directives to the patched files failed"
}
