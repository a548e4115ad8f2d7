# Top-level build: user-space tools, kernel modules, tests, demo.
#   make            build everything (installs missing Debian packages first)
#   make check      every test: unit tests, then tests in booted guests
#   make demo       the main job, shown end to end in a guest
#   make bench      benchmarks (not tests)
#   make install    PREFIX (default /usr/local) and DESTDIR honoured
#   make uninstall  removes what make install installed (same PREFIX/DESTDIR)

PREFIX ?= /usr/local
DESTDIR ?=
export PREFIX DESTDIR

# Kernel to build kpatch.ko against: KDIR, else the running kernel's build
# tree. Building the tools never builds a kernel: with neither, kpatch.ko
# is skipped with a message (the tests build theirs against the test
# kernel themselves).
KDIR ?= $(wildcard /lib/modules/$(shell uname -r)/build)

USER_DIRS := $(patsubst %/Makefile,%,$(wildcard kpatch-build/Makefile kpatch/Makefile))
KMOD_DIR := $(patsubst %/Makefile,%,$(wildcard kmod/Makefile))

.PHONY: all deps user kmod install uninstall clean check check-unit check-guest check-boot check-debian check-corpus deb demo bench test-kernel test-kernel-6.12 test-kernel-debug

all: user kmod

deps:
	@scripts/install-deps.sh

user: deps
	@for d in $(USER_DIRS); do $(MAKE) -C $$d || exit 1; done

kmod: deps
	@if [ -z "$(KDIR)" ]; then \
		echo "kpatch.ko not built: no kernel build tree for the running kernel $$(uname -r) (install its linux-headers package, or give KDIR=/path/to/kbuild-tree)"; \
	else for d in $(KMOD_DIR); do $(MAKE) -C $$d KDIR=$(KDIR) || exit 1; done; fi

test-kernel: deps
	@test/kernel/build-kernel.sh

# The 6.12 test kernel (Debian's 6.12 code generation: IBT, call padding,
# call-depth tracking); not yet part of make check's cold path.
test-kernel-6.12: deps
	@test/kernel/build-kernel.sh --series 6.12

# The debug variant (lockdep, KASAN, ...) the core guest suite runs on too.
test-kernel-debug: deps test-kernel
	@test/kernel/build-kernel.sh --debug

# The directories install creates (those that did not exist before it) are
# listed in INSTALL_DIRS, for uninstall to remove once they are empty.
INSTALL_ROOTS := $(PREFIX) /lib/modules
INSTALL_DIRS := $(PREFIX)/share/kpatch/installed-dirs
INSTALL_BEFORE := .install-dirs.before

install: all
	@scripts/install-dirs.sh snapshot $(INSTALL_BEFORE) $(INSTALL_ROOTS)
	@for d in $(USER_DIRS); do $(MAKE) -C $$d install || exit 1; done
	@if [ -n "$(KDIR)" ]; then for d in $(KMOD_DIR); do $(MAKE) -C $$d KDIR=$(KDIR) install || exit 1; done; \
	else for d in $(KMOD_DIR); do $(MAKE) -C $$d install-sources || exit 1; done; fi
	@if [ -f contrib/Makefile ]; then $(MAKE) -C contrib install; fi
	@if [ -f man/Makefile ]; then $(MAKE) -C man install; fi
	@scripts/install-dirs.sh record $(INSTALL_BEFORE) $(INSTALL_DIRS) $(INSTALL_ROOTS)

# Each component removes exactly the files its install wrote, then the
# directories install created and that are now empty; nothing else under
# PREFIX is touched.
uninstall:
	@for d in $(USER_DIRS) contrib man; do $(MAKE) -C $$d uninstall || exit 1; done
	@for d in $(KMOD_DIR); do $(MAKE) -C $$d $(if $(KDIR),KDIR=$(KDIR)) uninstall || exit 1; done
	@scripts/install-dirs.sh remove $(INSTALL_DIRS)

clean:
	@for d in $(USER_DIRS); do $(MAKE) -C $$d clean; done
	@for d in $(KMOD_DIR); do $(MAKE) -C $$d clean; done

check: deps test-kernel
	@test/run-tests.sh all

check-unit: deps
	@test/run-tests.sh unit

check-guest: deps test-kernel
	@test/run-tests.sh guest

# The systemd boot test (contrib/kpatch.service) alone; make check runs it too.
check-boot: deps test-kernel
	@$(MAKE) -C test/boot check

# kpatch-build against Debian's shipped cloud kernel, loaded in a guest
# booted with it: opt-in, the first run builds Debian's kernel objects.
check-debian: deps user
	@test/debian/check.sh

# The coverage corpus: real stable fixes (Debian 6.1.187-1 -> 6.1.190-1),
# each reversed onto the test kernel, built and loaded; prints the report.
# Opt-in; make check runs the fixed subset of test/corpus/subset.
check-corpus: deps user test-kernel
	@test/corpus/check-corpus.sh

deb: deps
	@$(MAKE) -C packaging deb

demo: deps
	@scripts/demo.sh

bench: deps test-kernel
	@for b in test/bench/*.sh; do [ -x $$b ] && $$b; done; true
