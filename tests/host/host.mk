# SPDX-License-Identifier: MIT
#
# Host unit tests: lib/ (and other freestanding code) compiled with the host gcc under ASan and
# UBSan, linked with glibc, one KTAP-printing program per tests/host/test_<name>.c.
#
# Included by the top-level Makefile; also works alone:  make -f tests/host/host.mk host-check
#
#   host-tests   build every test into $(BUILD)/host/test_<name>
#   host-check   build and run them all; fails if any test fails (KTAP in $(BUILD)/host/*.ktap)
#
# -DLIB_HOST_TEST makes lib/string.h, lib/printf.h and lib/ctype.h rename their functions to
# lib_<name>, so the tests run lib's code, not glibc's (see lib/string.h).

# Fallbacks for standalone use; the top-level Makefile defines these.
BUILD ?= build
ifeq ($(V),1)
Q ?=
else
Q ?= @
endif
ifeq ($(origin msg),undefined)
ifeq ($(V),1)
msg =
else
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif
endif

# Including this fragment must not change the including Makefile's default goal.
HOST_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

HOSTCC ?= gcc
# -fno-tree-loop-distribute-patterns: otherwise gcc may compile lib's copy and fill loops into
# calls to glibc's memcpy()/memset(), and the tests would be testing glibc.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-tree-loop-distribute-patterns -I. -DLIB_HOST_TEST -MMD -MP
HOST_LDFLAGS := -fsanitize=address,undefined

HOST_OBJDIR := $(BUILD)/host/obj

# Each test's sources, listed explicitly.
HOST_TEST_string_SRCS := tests/host/test_string.c lib/string.c
HOST_TEST_vsnprintf_SRCS := tests/host/test_vsnprintf.c lib/vsnprintf.c lib/string.c
HOST_TEST_kstrtox_SRCS := tests/host/test_kstrtox.c lib/kstrtox.c
HOST_TEST_list_SRCS := tests/host/test_list.c
HOST_TEST_rbtree_SRCS := tests/host/test_rbtree.c lib/rbtree.c
HOST_TEST_elfcheck_SRCS := tests/host/test_elfcheck.c boot/efi/elfcheck.c boot/efi/bootinfo.c \
	kernel/boot_mmap.c
HOST_TEST_acpi_SRCS := tests/host/test_acpi.c arch/x86_64/kernel/acpi_tables.c lib/string.c
HOST_TEST_cpio_SRCS := tests/host/test_cpio.c lib/cpio.c lib/string.c
HOST_TEST_elf_exec_SRCS := tests/host/test_elf_exec.c lib/elf_exec.c lib/string.c
HOST_TEST_user_stack_SRCS := tests/host/test_user_stack.c lib/user_stack.c lib/string.c

HOST_TEST_NAMES := string vsnprintf kstrtox list rbtree acpi
HOST_TEST_NAMES += cpio
HOST_TEST_NAMES += elf_exec user_stack
# Written concurrently elsewhere: built once its test exists.
HOST_TEST_NAMES += $(if $(wildcard tests/host/test_elfcheck.c),elfcheck)

HOST_TESTS := $(foreach t,$(HOST_TEST_NAMES),$(BUILD)/host/test_$(t))
HOST_OBJS := $(sort $(foreach t,$(HOST_TEST_NAMES), \
	$(patsubst %.c,$(HOST_OBJDIR)/%.o,$(HOST_TEST_$(t)_SRCS))))

.PHONY: host-tests host-check
host-tests: $(HOST_TESTS)

# Run every test even after a failure, then fail if any did. A crash (ASan, UBSan) is a failure
# too, since the program then exits nonzero.
host-check: $(HOST_TESTS)
	$(Q)failed=; \
	for t in $(HOST_TESTS); do \
		if ./$$t > $$t.ktap 2>&1; then \
			echo "  PASS    $$t"; \
		else \
			echo "  FAIL    $$t (output in $$t.ktap)"; \
			grep -E '^ *(not ok|#)' $$t.ktap | grep -v '# Subtest' | sed 's/^/    /'; \
			tail -n 5 $$t.ktap | grep -qE '^(not )?ok ' || tail -n 20 $$t.ktap; \
			failed="$$failed $$t"; \
		fi; \
	done; \
	test -z "$$failed"

define HOST_TEST_RULE
$(BUILD)/host/test_$(1): $(patsubst %.c,$(HOST_OBJDIR)/%.o,$(HOST_TEST_$(1)_SRCS))
	$$(call msg,HOSTLD,$$@)
	$(Q)$(HOSTCC) $(HOST_LDFLAGS) -o $$@ $$^
endef
$(foreach t,$(HOST_TEST_NAMES),$(eval $(call HOST_TEST_RULE,$(t))))

# test_elf_exec also checks a real static executable: its own source built with
# -DELF_EXEC_TEST_PROG -static -nostdlib, embedded in the test by .incbin. elf_exec_prog.h says
# where that file is and where nm finds _start and prog_bss, answers that do not come from the
# code under test. (Not named test_*: tests/check runs every build/host/test_* program.)
ELF_EXEC_PROG := $(BUILD)/host/elf_exec_prog
$(ELF_EXEC_PROG): tests/host/test_elf_exec.c
	$(call msg,HOSTLD,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -DELF_EXEC_TEST_PROG -O1 -ffreestanding -fno-pie -no-pie -static -nostdlib \
		-o $@ $<

$(ELF_EXEC_PROG).h: $(ELF_EXEC_PROG)
	$(call msg,GEN,$@)
	$(Q){ echo '#define ELF_EXEC_PROG_PATH "$(abspath $<)"'; \
	  nm $< | awk '$$3 == "_start" { print "#define PROG_ENTRY 0x" $$1 "ULL" } \
		       $$3 == "prog_bss" { print "#define PROG_BSS 0x" $$1 "ULL" }'; } > $@

$(HOST_OBJDIR)/tests/host/test_elf_exec.o: $(ELF_EXEC_PROG).h
$(HOST_OBJDIR)/tests/host/test_elf_exec.o: HOST_CFLAGS += -I$(BUILD)/host

$(HOST_OBJDIR)/%.o: %.c
	$(call msg,HOSTCC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

-include $(HOST_OBJS:.o=.d)

# Standalone, host-tests is the default; included, the including Makefile's default stands.
ifeq ($(firstword $(MAKEFILE_LIST)),tests/host/host.mk)
.DEFAULT_GOAL := host-tests
else
.DEFAULT_GOAL := $(HOST_SAVED_DEFAULT_GOAL)
endif
