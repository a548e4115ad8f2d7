#!/usr/bin/env bats
# kpatch.ko's unsafe edges that need a busy guest (issue 13, items 5-7),
# in one boot with preempt=full (test/core/edges/guest.sh):
#  - an NMI never sees a patch half switched, with NMIs arriving all
#    through every stop_machine() window (edge_nmi.c);
#  - a task preempted inside the core's ftrace handler blocks every
#    transition ("<ftrace-trampoline>"), and only while it is there;
#  - removing the top one of two patches stacked on a function while a
#    task calls it nonstop waits for that task (tasks-RCU) and reports
#    nothing (KASAN on the debug kernel);
#  - a task that enters the patched function after the check before the
#    window is caught inside the window, through the switch log and by
#    the walk of every task (edge_late.c).
# KP_EDGE_CYCLES overrides the number of NMI cycles (300; 100 on the
# debug kernel, where the spinner also runs twice as long: 8 s).

load ../lib/guest

# build_edges DIR: kpatch.ko, kpedge.ko, the patches, the offsets, into DIR
build_edges() {
	local p=$1 m=$BATS_TEST_TMPDIR/core w=$BATS_TEST_TMPDIR/edges f
	mkdir -p "$m" "$w" "$p"
	cp "$KP_ROOT"/kmod/core/{*.c,*.h,Kbuild} "$m/"
	kp_build_module "$m" "$KP_KDIR"
	cp "$KP_ROOT"/test/core/edges/*.[ch] "$w/"
	printf '%s\n' 'obj-m := kpedge.o kpatch_edge_ab.o kpatch_edge_f1.o kpatch_edge_f2.o kpatch_edge_l.o' \
		'kpedge-y := edge_main.o edge_nmi.o edge_tasks.o edge_late.o' \
		"ccflags-y := -I$m" >"$w/Kbuild"
	make -C "$KP_KDIR" M="$w" KBUILD_EXTRA_SYMBOLS="$m/Module.symvers" \
		modules >"$w/build.log" 2>&1 || {
		cat "$w/build.log" >&2
		return 1
	}
	cp "$m/kpatch.ko" "$w"/*.ko "$KP_ROOT/test/core/edges/guest.sh" "$p/"
	# each function's offset in kpedge.ko's .text, as the core checks it
	for f in a b f l; do
		readelf -sW "$w/kpedge.ko" |
			awk -v n="edge_$f" -v p="${f}_off" '$8 == n { print p "=0x" $2 }'
	done >"$p/offsets"
	[ "$(wc -l <"$p/offsets")" -eq 4 ]
}

@test "core edges: NMIs during every switch see no patch half switched; a task in the ftrace handler blocks transitions; removal under load waits for the caller; a late entrant is seen in the window" {
	local p=$BATS_TEST_TMPDIR/payload cycles=${KP_EDGE_CYCLES:-300} spin=4000
	# preempt=full: the parker must be preempted inside the handler
	local append=preempt=full
	if [ "${KP_KERNEL:-}" = debug ]; then
		cycles=${KP_EDGE_CYCLES:-100} spin=8000
	fi
	build_edges "$p"
	kp_guest --timeout 240 --append "$append" "$p" guest.sh "$cycles" "$spin"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"edges: done"* ]]

	# 1. NMI consistency. Fails if switch.c flip() flipped while an NMI
	# runs on another CPU (the core before that check: 277 mismatches in
	# 600 transitions): an NMI holding between edge_a() and edge_b()
	# while the other CPU flips gets 1 from one and 2 from the other.
	# (An NMI that starts on the other CPU in the few instructions between
	# that check and the flip is what the "switching" flag and the roll
	# back cover; that window is too short for this test to hit.)
	local stats
	stats=$(grep '^nmi stats: ' <<<"$output")
	[[ "$stats" == *" mismatches=0 "* ]]
	# NMIs really came during the windows: they interrupted stop_machine()'s
	# loop (multi_cpu_stop, stop_machine_yield), and the core found NMIs
	# running on the other CPU when it was about to flip (nmi_waits)
	[[ "$stats" =~ in_win=([1-9][0-9]*,[0-9]+|[0-9]+,[1-9][0-9]*), ]]
	[[ "$output" =~ "nmi waits: "[1-9] ]]
	# both versions were seen from NMIs: the patch really switched
	[[ "$stats" =~ old=[1-9] ]]
	[[ "$stats" =~ new=[1-9] ]]
	# most transitions went through (the rest: <nmi-during-switch>)
	local ok refused
	ok=$(sed -n 's/^nmi: .* ok=\([0-9]*\) .*/\1/p' <<<"$output")
	refused=$(sed -n 's/^nmi: .* refused=\([0-9]*\)$/\1/p' <<<"$output")
	[ "$ok" -ge "$cycles" ]
	[[ "$output" == *"nmi refusals: $refused"* ]]

	# 2. The trampoline edge. Fails if the handler and trampolines were
	# not in the checked ranges (switch.c add_ftrace_ranges): the patch
	# of edge_a/edge_b has nothing to do with edge_f, where the parker is.
	[[ "$output" =~ "tramp: parker "[0-9]+" stopped in the handler" ]]
	[[ "$output" =~ "tramp: refused: refuse kpatch_edge_ab err=-16 "[^$'\n']*"busy="[0-9]+":kpedge_park:<ftrace-trampoline>" ]]
	[[ "$output" == *"tramp: applied after the parker left: enabled=1"* ]]

	# 3. Removal. Fails if ops.c did not wait for tasks-RCU when a patch
	# leaves an address another patch keeps: the removal would return
	# while the spinner is still calling edge_f.
	[[ "$output" == *"removal: waited for the spinner"* ]]
	[[ "$output" =~ "spinner stopped at "[0-9]+" after "[0-9]+" calls: v1=0 v2="[1-9][0-9]*" v3="[1-9] ]]

	# 4. The late entrant. Fails if the window trusted the check before
	# it for a task that ran since (switchlog.c, tasks.c): with one try,
	# kpedge_late enters edge_l() between that check and the window.
	local log
	for log in 1 0; do
		[[ "$output" =~ "late $log: released="[0-9]+" entered_in_time="[0-9]+ ]]
		# window_ns > 0: refused inside the window, with one try
		[[ "$output" =~ "late $log: refused: refuse kpatch_edge_l err=-16 retries=0 window_ns="[1-9][0-9]*" busy="[0-9]+":kpedge_late:edge_l" ]]
		[[ "$output" == *"late $log: applied after it left: enabled=1"* ]]
	done
	# each release found kpedge_late inside edge_l() in time
	[[ "$output" =~ "late 0: released=2 entered_in_time=2 " ]]
	# when applied: with the log, the window looked at fewer tasks than
	# there are; without it, at every one
	local tasks wlog wall
	tasks=$(sed -n 's/^late 1: .* tasks=\([0-9]*\)$/\1/p' <<<"$output")
	wlog=$(sed -n 's/^late 1: applied .* window tasks: \([0-9]*\)$/\1/p' <<<"$output")
	wall=$(sed -n 's/^late 0: applied .* window tasks: \([0-9]*\)$/\1/p' <<<"$output")
	[ "$wlog" -lt "$tasks" ]
	[ "$wall" -ge "$((tasks - 5))" ]
}
