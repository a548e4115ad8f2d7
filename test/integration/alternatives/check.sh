#!/bin/sh
# filldir64 (getdents64's callback) hides entries named kpatch-hidden. It
# writes to user memory between user_write_access_begin() and _end(), whose
# stac/clac are alternatives (SMAP, which -cpu max has): without them
# applied in the patch module every getdents64 would fail with EFAULT.
dir=/tmp/alternatives
mkdir -p "$dir"
touch "$dir/kpatch-hidden" "$dir/visible"
list=$(cd "$dir" && echo *)
echo "entries: $list"
case "$1" in
loaded) [ "$list" = "visible" ] ;;
*) [ "$list" = "kpatch-hidden visible" ] ;;
esac
