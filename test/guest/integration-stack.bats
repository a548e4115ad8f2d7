#!/usr/bin/env bats
# Two patches built by kpatch-build with -R (non-replace) stacked on one
# function, then a third built as kpatch-build makes them by default (atomic
# replace) that replaces both in one step (test/integration/stack).

load ../lib/integration

@test "integration: two patches stacked on one function, then an atomic replace of both" {
	local dir=$KP_ROOT/test/integration/stack payload=$BATS_TEST_TMPDIR/payload x opts
	mkdir -p "$payload"
	for x in a b c; do
		opts=()
		[ "$x" = c ] || opts=(-R)
		run "$KP_ROOT/kpatch-build/kpatch-build" -s "$KP_KDIR" -o "$payload" \
			-n "kpatch-stack-$x" "${opts[@]}" "$dir/$x.patch"
		echo "$output"
		[ "$status" -eq 0 ]
	done
	cp "$(kp_core_module)" "$dir/guest.sh" "$payload/"
	kp_guest "$payload" guest.sh
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"stack: ok"* ]]
}
