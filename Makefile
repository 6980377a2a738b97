# SPDX-License-Identifier: MIT
#
# Trefoil: the one entry point. `make help` lists the targets.
#
# Everything is built out of tree into $(BUILD). V=1 shows full command lines.

BUILD := build
V ?= 0
ifeq ($(V),1)
Q :=
msg =
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif

CC := gcc
LD := ld
NM := nm
PYTHON := python3

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

# ---------------------------------------------------------------------------------------------
# The kernel

# DEBUG=1 (the default, and what make check tests) compiles in the expensive checks: slab
# poisoning and red zones. DEBUG=0 is for benchmarks.
DEBUG ?= 1

KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -mcmodel=kernel -mgeneral-regs-only -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-delete-null-pointer-checks -fno-strict-aliasing -fno-asynchronous-unwind-tables \
	-fno-common -DCONFIG_SLAB_DEBUG=$(DEBUG) -I. -Iarch/x86_64/include -MMD -MP
KERNEL_ASFLAGS := -D__ASSEMBLER__ -I. -Iarch/x86_64/include -Iarch/x86_64/boot -MMD -MP
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments

KERNEL_SRCS := $(sort $(shell find kernel arch/x86_64 lib -name '*.c' -o -name '*.S'))
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel-obj/%.o,$(KERNEL_SRCS)) $(BUILD)/kernel-obj/font.o
KERNEL_LDS := $(BUILD)/kernel.ld
KERNEL := $(BUILD)/kernel.elf
FONT_PF2 := /usr/share/grub/ascii.pf2

# Objects depend on the flags too, so that `make DEBUG=0` rebuilds what it must.
KERNEL_FLAGS_STAMP := $(BUILD)/kernel-obj/cflags.txt
$(KERNEL_FLAGS_STAMP): FORCE
	$(Q)mkdir -p $(@D)
	$(Q)echo '$(KERNEL_CFLAGS)' | cmp -s - $@ || echo '$(KERNEL_CFLAGS)' > $@

.PHONY: FORCE
FORCE:

$(BUILD)/kernel-obj/%.c.o: %.c $(KERNEL_FLAGS_STAMP) | deps
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel-obj/%.S.o: %.S $(KERNEL_FLAGS_STAMP) | deps
	$(call msg,AS,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

$(BUILD)/gen/font.c: scripts/gen-font.py | deps
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) scripts/gen-font.py $(FONT_PF2) -o $@

$(BUILD)/kernel-obj/font.o: $(BUILD)/gen/font.c
	$(call msg,CC,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(KERNEL_LDS): arch/x86_64/kernel.ld arch/x86_64/include/asm/layout.h
	$(call msg,CPP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLER__ -Iarch/x86_64/include $< -o $@

# The symbol table needs a linked kernel and the kernel needs its symbol table: link once with
# an empty table, generate the real one from that link, and link again (kernel.ld explains why
# no address moves). The last step checks that claim.
$(BUILD)/ksyms-empty.S: scripts/gen-ksyms.py
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(PYTHON) scripts/gen-ksyms.py --empty -o $@

$(BUILD)/%.o: $(BUILD)/%.S
	$(call msg,AS,$<)
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

$(BUILD)/kernel.pass1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms-empty.o $(KERNEL_LDS)
	$(call msg,LD,$@)
	$(Q)$(LD) $(KERNEL_LDFLAGS) -T $(KERNEL_LDS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms-empty.o

$(BUILD)/ksyms.S: $(BUILD)/kernel.pass1.elf scripts/gen-ksyms.py
	$(call msg,KSYMS,$@)
	$(Q)$(NM) -n $< > $(BUILD)/kernel.pass1.nm
	$(Q)$(PYTHON) scripts/gen-ksyms.py $(BUILD)/kernel.pass1.nm -o $@

$(KERNEL): $(KERNEL_OBJS) $(BUILD)/ksyms.o $(KERNEL_LDS)
	$(call msg,LD,$@)
	$(Q)$(LD) $(KERNEL_LDFLAGS) -T $(KERNEL_LDS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.o
	$(Q)$(NM) -n $@ | grep -v ' ksym_' | grep -vw '_kernel_end' > $(BUILD)/kernel.nm
	$(Q)grep -v ' ksym_' $(BUILD)/kernel.pass1.nm | grep -vw '_kernel_end' | \
		cmp -s - $(BUILD)/kernel.nm || \
		{ echo "error: symbols moved between the two kernel link passes"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Boot images

ISO := $(BUILD)/trefoil.iso

$(ISO): $(KERNEL) boot/grub/grub.cfg
	$(call msg,ISO,$@)
	$(Q)rm -rf $(BUILD)/iso && mkdir -p $(BUILD)/iso/boot/grub
	$(Q)cp $(KERNEL) $(BUILD)/iso/boot/kernel.elf
	$(Q)cp boot/grub/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso 2> $(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

include boot/efi/efi.mk
include tests/host/host.mk
include user/user.mk

# ---------------------------------------------------------------------------------------------
# Tools for editors: compile_commands.json lists every kernel C file with its flags.

compile_commands.json: $(KERNEL_SRCS) Makefile scripts/gen-compile-commands.py
	$(call msg,GEN,$@)
	$(file >$(BUILD)/cc-flags.txt,$(CC) $(KERNEL_CFLAGS))
	$(Q)$(PYTHON) scripts/gen-compile-commands.py --flags $(BUILD)/cc-flags.txt \
		--objdir $(BUILD)/kernel-obj -o $@ $(filter %.c,$(KERNEL_SRCS))

# ---------------------------------------------------------------------------------------------
# Top-level targets

.PHONY: all deps run run-uefi gdb check bench clean help
all: $(KERNEL) $(ISO) $(EFI_LOADER) $(INITRAMFS) compile_commands.json

# Install missing host packages (apt-get as root or via sudo), or say which are missing.
deps:
	$(Q)scripts/install-deps.sh

CMDLINE ?=
QEMU_OPTS ?=

run: all
	tests/qemu-boot --interactive --initrd $(INITRAMFS) $(QEMU_OPTS) -- $(CMDLINE)

run-uefi: all
	tests/qemu-boot --uefi --interactive --initrd $(INITRAMFS) $(QEMU_OPTS) -- $(CMDLINE)

gdb: all
	scripts/gdb-session.sh $(QEMU_OPTS) -- $(CMDLINE)

check: all host-tests
	tests/check $(CHECK_OPTS)

# Benchmarks run on a DEBUG=0 kernel built in its own directory, so that the debug checks of the
# default build do not distort them (and the two builds do not overwrite each other).
BENCH_OPTS ?=
bench:
	$(MAKE) BUILD=$(BUILD)/bench DEBUG=0 $(BUILD)/bench/kernel.elf $(BUILD)/bench/trefoil.iso
	tests/bench --build $(BUILD)/bench $(BENCH_OPTS)

clean:
	rm -rf $(BUILD) compile_commands.json

help:
	@echo "make            build the kernel, the GRUB ISO and the UEFI loader into $(BUILD)/"
	@echo "make run        boot the GRUB ISO in QEMU, serial console on this terminal"
	@echo "                (Ctrl-A X quits; CMDLINE='ktest=all' passes a kernel command line)"
	@echo "make run-uefi   boot through OVMF and Trefoil's own GNU-EFI loader"
	@echo "make gdb        boot halted under gdb (symbols loaded; 'break kmain', 'continue')"
	@echo "make check      host tests, then in-kernel tests on every boot path and CPU count"
	@echo "make bench      benchmarks (DEBUG=0 build in $(BUILD)/bench), one 'name value unit' line each"
	@echo "make clean      remove $(BUILD)/"
	@echo "V=1             show full command lines"

-include $(KERNEL_OBJS:.o=.d)
