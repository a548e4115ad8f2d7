#!/usr/bin/env bats
# The integration suite: each patch under test/integration/ is built by
# kpatch-build against the test kernel, loaded with the core module in a
# booted guest, checked before, while and after it is applied, and unloaded.
# Cases that must be refused check kpatch-build's message instead.

load ../lib/integration

@test "integration: a string in a /proc file" { kp_integration_case proc-string; }
@test "integration: a new function" { kp_integration_case new-function; }
@test "integration: a new global variable" { kp_integration_case new-global; }
@test "integration: a static local variable in a changed function" { kp_integration_case static-local; }
@test "integration: a system call whose behaviour changes" { kp_integration_case syscall; }
@test "integration: a function GCC clones (.constprop)" { kp_integration_case gcc-clone; }
@test "integration: a function in an in-tree module, loaded before and after" { kp_integration_case module; }
@test "integration: a change of line numbers only is no change" { kp_integration_case line-numbers; }
@test "integration: a changed netlink policy takes effect through its users" { kp_integration_case rodata-policy; }
@test "integration: an __init function is refused" { kp_integration_case refuse-init; }
@test "integration: changed initialised data is refused" { kp_integration_case refuse-data; }
@test "integration: changed percpu data is refused" { kp_integration_case refuse-percpu; }
@test "integration: a changed notrace function is refused" { kp_integration_case refuse-notrace; }
@test "integration: a changed function using a jump label on an exported key" { kp_integration_case jump-label; }
@test "integration: a changed function with alternatives (stac/clac)" { kp_integration_case alternatives; }
@test "integration: a function GCC clones (.isra)" { kp_integration_case isra-clone; }
@test "integration: a shadow variable adds a per-task counter" { kp_integration_case shadow-var; }
@test "integration: load/unload hooks and pre/post patch/unpatch callbacks" { kp_integration_case hooks; }
@test "integration: a jump label on a key that is not exported is refused" { kp_integration_case refuse-jump-label; }
