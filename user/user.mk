# User programs and the initramfs. Included by the top-level Makefile.
#
# Trefoil's own test programs are freestanding C (no libc: user/lib has the startup code and raw
# system calls), linked static at a fixed address, exactly what the kernel's ELF loader accepts.

USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-stack-protector \
	-fno-pie -fno-builtin -nostdlib -nostdinc -isystem $(shell $(CC) -print-file-name=include)
USER_LDFLAGS := -static -nostdlib -no-pie -Wl,-z,noexecstack -Wl,--build-id=none

USER_PROGS := $(BUILD)/user/usertest $(BUILD)/user/fstest $(BUILD)/user/sigtest \
	$(BUILD)/user/fuzztest
USER_LIB_OBJS := $(BUILD)/user/lib/crt0.o $(BUILD)/user/lib/clone.o $(BUILD)/user/lib/sigrestore.o
# Kept between builds (make would delete them as intermediate files of the programs).
.SECONDARY: $(USER_LIB_OBJS)

$(BUILD)/user/lib/%.o: user/lib/%.S
	$(call msg,AS,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -c $< -o $@

$(BUILD)/user/%: user/tests/%.c $(USER_LIB_OBJS) $(wildcard user/lib/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $(USER_LIB_OBJS) $<

# Programs built with Debian's musl-gcc against a real C library, run unmodified: what the
# system call ABI promises (the same binaries run on Linux).
MUSL_CC := musl-gcc
MUSL_PROGS := $(BUILD)/user/musl-hello

$(BUILD)/user/musl-%: user/musl/musl-%.c
	$(call msg,MUSLCC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(MUSL_CC) -static -O2 -Wall -Wextra -Werror -o $@ $<

# The initramfs: the test programs in /bin; init= picks which one runs as pid 1.
INITRAMFS := $(BUILD)/initramfs.cpio

$(INITRAMFS): $(USER_PROGS) $(MUSL_PROGS) user/motd user/not-a-program scripts/mkcpio.py
	$(call msg,CPIO,$@)
	$(Q)$(PYTHON) scripts/mkcpio.py -o $@ \
		$(foreach p,$(USER_PROGS) $(MUSL_PROGS),bin/$(notdir $(p))=$(p)) \
		etc/motd=user/motd bin/not-a-program=user/not-a-program
