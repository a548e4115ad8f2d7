#!/usr/bin/env bats
# The integration suite: each patch under test/integration/ is built by
# kpatch-build against the test kernel, loaded with the core module in a
# booted guest, checked before, while and after it is applied, and unloaded.
# Cases that must be refused check kpatch-build's message instead.

load ../lib/integration

@test "integration: a string in a /proc file" { kp_integration_case proc-string; }
@test "integration: a new function" { kp_integration_case new-function; }
@test "integration: a new global variable" { kp_integration_case new-global; }
@test "integration: a replaced function the patch module's own init calls (__kmalloc) is not what its init reaches" { kp_integration_case glue-callee; }
@test "integration: a built-in object's namespace import (skcipher.import_ns=) reaches the patch module" { kp_integration_case import-ns-builtin; }
@test "integration: a static local variable in a changed function" { kp_integration_case static-local; }
@test "integration: a system call whose behaviour changes" { kp_integration_case syscall; }
@test "integration: a function GCC clones (.constprop)" { kp_integration_case gcc-clone; }
@test "integration: a change of line numbers only is no change" { kp_integration_case line-numbers; }
@test "integration: a blank line at the top of fs/dcache.c (FORTIFY memcpy checks name file:line) is no change" { kp_integration_case line-shift; }
@test "integration: a changed netlink policy takes effect through its users" { kp_integration_case rodata-policy; }
@test "integration: an __init function is refused" { kp_integration_case refuse-init; }
@test "integration: changed initialised data is refused" { kp_integration_case refuse-data; }
@test "integration: changed percpu data is refused" { kp_integration_case refuse-percpu; }
@test "integration: a changed notrace function is refused" { kp_integration_case refuse-notrace; }
@test "integration: a changed static inline (notrace) function is replaced through its callers" { kp_integration_case notrace-callers; }
@test "integration: a changed function using a jump label on an exported key" { kp_integration_case jump-label; }
@test "integration: a changed function with alternatives (stac/clac)" { kp_integration_case alternatives; }
@test "integration: a function GCC clones (.isra)" { kp_integration_case isra-clone; }
@test "integration: a shadow variable adds a per-task counter" { kp_integration_case shadow-var; }
@test "integration: load/unload hooks and pre/post patch/unpatch callbacks" { kp_integration_case hooks; }
@test "integration: a tracepoint (keys not exported) enabled through tracefs fires from the patched code" { kp_integration_case tracepoint; }
@test "integration: a static_branch on a non-exported key follows its sysctl at run time" { kp_integration_case static-branch; }
@test "integration: a pr_debug enabled through dynamic_debug/control prints from the patched code" { kp_integration_case dyndbg; }
@test "integration: a print_hex_dump_debug (descriptor reached only by its key) enabled through dynamic_debug/control prints from the patched code" { kp_integration_case dyndbg-hexdump; }
@test "integration: a module's source patched without -t, the module loaded before and after" { kp_integration_case module; }
@test "integration: one patch to vmlinux and a module together" { kp_integration_case vmlinux-module; }
@test "integration: a new function in a vmlinux file called from a module's patched function, linked in the patch module" { kp_integration_case cross-object; }
@test "integration: a syscall body changed through KPATCH_SYSCALL_DEFINE1" { kp_integration_case syscall-define; }
@test "integration: an out-of-tree module (--oot-module, --oot-module-src)" { kp_integration_case oot-module; }
@test "integration: a patch changing the version (CRC) of an exported symbol it uses is refused, naming both CRCs" { kp_integration_case refuse-crc; }
