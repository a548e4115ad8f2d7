#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of the kpatch info test of test/guest/report.bats: load a
# patch with kpatch load, print `kpatch info` of it as text and JSON, then
# again without the record kpatch load wrote (as after a load by insmod),
# and unload it. Prints "report-guest: ok" when every command succeeded.
set -e
cd "$(dirname "$0")"
name=$1
mod=$(echo "$name" | tr - _)
./kpatch load "./$name.ko"
echo "=== info"
./kpatch info "$name"
echo "=== json"
./kpatch info --json "$name"
echo "=== none"
rm "/run/kpatch/loaded/$mod"
./kpatch info "$name"
./kpatch unload "$name"
echo "report-guest: ok"
