# SPDX-License-Identifier: MIT
#
# boot/efi/efi.mk: the GNU-EFI loader, $(BUILD)/boot/efi/BOOTX64.EFI.
#
# Included by the top-level Makefile, which provides BUILD, Q and msg. The fallbacks below let
# the fragment also run on its own:  make -f boot/efi/efi.mk efi-loader [V=1]
#
# How a GNU-EFI application is built: compile position-independent code with the firmware's
# conventions (no red zone, 2-byte wchar_t for CHAR16 strings), link it as an ELF shared object
# at address 0 with gnu-efi's crt0 and linker script, then let objcopy rewrite that ELF as a
# PE32+ EFI application, keeping only the sections the script laid out for PE. crt0 applies the
# image's own relocations at run time (_relocate in libgnuefi) before calling efi_main().

BUILD ?= build
ifeq ($(origin Q),undefined)
Q := $(if $(filter 1,$(V)),,@)
endif
ifeq ($(origin msg),undefined)
msg = $(if $(filter 1,$(V)),,@printf '  %-7s %s\n' '$(1)' '$(2)')
endif

GNUEFI_INC := /usr/include/efi
GNUEFI_LIB := /usr/lib
GNUEFI_CRT0 := $(GNUEFI_LIB)/crt0-efi-x86_64.o
GNUEFI_LDS := $(GNUEFI_LIB)/elf_x86_64_efi.lds

EFI_CC ?= gcc
EFI_LD ?= ld
EFI_OBJCOPY ?= objcopy

# GNU_EFI_USE_MS_ABI: gnu-efi declares firmware function pointers ms_abi, so calls are direct.
EFI_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fpic -fshort-wchar -mno-red-zone -fno-stack-protector \
	-maccumulate-outgoing-args -fno-strict-aliasing -fno-asynchronous-unwind-tables \
	-DGNU_EFI_USE_MS_ABI \
	-I. -I$(GNUEFI_INC) -I$(GNUEFI_INC)/x86_64 \
	-MMD -MP
# --no-undefined: a shared object may otherwise link with a missing symbol and crash at boot.
EFI_LDFLAGS := -nostdlib -shared -Bsymbolic -znocombreloc --no-undefined -T $(GNUEFI_LDS) \
	-L$(GNUEFI_LIB)
EFI_LIBS := -lefi -lgnuefi
EFI_PE_SECTIONS := .text .sdata .data .dynamic .dynsym .rel .rela .rel.* .rela.* .reloc

# elfcheck.c and bootinfo.c are pure C, also built into tests/host/test_elfcheck.
EFI_SRCS := $(addprefix boot/efi/,main.c file.c load.c firmware.c handoff.c elfcheck.c bootinfo.c)
EFI_OBJS := $(EFI_SRCS:%.c=$(BUILD)/%.o)
# kernel/boot_mmap.c is shared with the kernel's multiboot2 path: one memory-map builder.
EFI_SHARED_OBJS := $(BUILD)/boot/efi/boot_mmap.o
EFI_SO := $(BUILD)/boot/efi/BOOTX64.so
EFI_LOADER := $(BUILD)/boot/efi/BOOTX64.EFI

$(EFI_OBJS): $(BUILD)/boot/efi/%.o: boot/efi/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(EFI_CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/boot/efi/boot_mmap.o: kernel/boot_mmap.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(EFI_CC) $(EFI_CFLAGS) -c $< -o $@

$(EFI_SO): $(EFI_OBJS) $(EFI_SHARED_OBJS) $(GNUEFI_CRT0) $(GNUEFI_LDS)
	$(call msg,LD,$@)
	$(Q)$(EFI_LD) $(EFI_LDFLAGS) $(GNUEFI_CRT0) $(EFI_OBJS) $(EFI_SHARED_OBJS) -o $@ $(EFI_LIBS)

$(EFI_LOADER): $(EFI_SO)
	$(call msg,OBJCOPY,$@)
	$(Q)$(EFI_OBJCOPY) $(foreach s,$(EFI_PE_SECTIONS),-j '$(s)') --target efi-app-x86_64 \
		--subsystem=10 $< $@

.PHONY: efi-loader
efi-loader: $(EFI_LOADER)

-include $(EFI_OBJS:.o=.d) $(EFI_SHARED_OBJS:.o=.d)
