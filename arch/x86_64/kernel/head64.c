/* SPDX-License-Identifier: MIT */
/*
 * x86_64_start_kernel: the first C code. head_64.S has switched to the early page tables and
 * the kernel's own stack; here we turn whatever the loader gave us into struct boot_info and
 * hand over to the portable kmain().
 */
#include <asm/layout.h>
#include <asm/percpu.h>
#include <asm/page.h>

#include "kernel/boot_info.h"
#include "kernel/main.h"
#include "kernel/printk/printk.h"
#include "lib/string.h"
#include "../boot/multiboot2.h"

void multiboot2_parse(struct boot_info *bi, phys_addr_t info_pa);

/* The one boot_info; the loader's copy lives in memory that will be reused. */
static struct boot_info boot_params;

__noreturn void x86_64_start_kernel(phys_addr_t info_pa, u64 magic);

/* The loader's boot_info, if it is one: the early page tables map only the first 4 GiB. */
static const struct boot_info *efi_boot_info(phys_addr_t info_pa)
{
	const struct boot_info *bi;

	if (info_pa == 0 || info_pa + sizeof(*bi) > EARLY_MAP_SIZE)
		return NULL;
	bi = __va(info_pa);
	if (bi->magic != BOOT_INFO_MAGIC || bi->version != BOOT_INFO_VERSION)
		return NULL;
	return bi;
}

void x86_64_start_kernel(phys_addr_t info_pa, u64 magic)
{
	const struct boot_info *from_efi;

	percpu_init_cpu(0, 0); /* GS: preempt_count and friends work from here on */
	if (magic == MB2_BOOTLOADER_MAGIC) {
		multiboot2_parse(&boot_params, info_pa);
	} else if (magic == BOOT_EFI_ENTRY_MAGIC && (from_efi = efi_boot_info(info_pa))) {
		memcpy(&boot_params, from_efi, sizeof(boot_params));
	} else {
		/* printk keeps this until the serial console comes up and replays it. */
		pr_emerg("trefoil: unknown boot protocol (magic %#llx, info at %#llx)\n",
			 (unsigned long long)magic, (unsigned long long)info_pa);
	}
	boot_params.magic = BOOT_INFO_MAGIC;
	boot_params.version = BOOT_INFO_VERSION;
	kmain(&boot_params);
}
