#!/usr/bin/env bats
# The integration cases on Debian's cloud kernel as shipped, through the
# same helpers as test/guest/integration.bats (test/debian/check.sh sets the
# target). Every single-patch case that needs no test-kernel module, except
# isra-clone: its check looks for the clone the test kernel's -Os build
# makes, which Debian's -O2 build does not.

load ../lib/integration

@test "debian: a string in a /proc file" { kp_integration_case proc-string; }
@test "debian: a new function" { kp_integration_case new-function; }
@test "debian: a new global variable" { kp_integration_case new-global; }
@test "debian: a static local variable in a changed function" { kp_integration_case static-local; }
@test "debian: a system call whose behaviour changes" { kp_integration_case syscall; }
@test "debian: a function GCC clones (.constprop)" { kp_integration_case gcc-clone; }
@test "debian: a changed function using a jump label on an exported key" { kp_integration_case jump-label; }
@test "debian: a changed function with alternatives (stac/clac)" { kp_integration_case alternatives; }
@test "debian: a shadow variable adds a per-task counter" { kp_integration_case shadow-var; }
@test "debian: load/unload hooks and pre/post patch/unpatch callbacks" { kp_integration_case hooks; }
@test "debian: a change of line numbers only is no change" { kp_integration_case line-numbers; }
@test "debian: an __init function is refused" { kp_integration_case refuse-init; }
@test "debian: changed initialised data is refused" { kp_integration_case refuse-data; }
@test "debian: changed percpu data is refused" { kp_integration_case refuse-percpu; }
@test "debian: a changed notrace function is refused" { kp_integration_case refuse-notrace; }
@test "debian: a tracepoint (keys not exported) enabled through tracefs fires from the patched code" { kp_integration_case tracepoint; }
@test "debian: a static_branch on a non-exported key follows its sysctl at run time" { kp_integration_case static-branch; }
@test "debian: a pr_debug enabled through dynamic_debug/control prints from the patched code" { kp_integration_case dyndbg; }
@test "debian: the source is linux-source-6.1 of exactly the image's version" {
	kp_kpatch_build proc-string
	echo "$output"
	[ "$status" -eq 0 ]
	want=$("$KP_ROOT/scripts/debian-abi.sh" --version)
	[[ "$output" == *"source: linux-source-6.1 $want ("* ]]
}
