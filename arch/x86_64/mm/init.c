/* SPDX-License-Identifier: MIT */
/*
 * paging_init(): replace the boot page tables with the kernel's own.
 *
 * The boot tables (arch/x86_64/boot/early_pgtable.S) map the first 4 GiB three times, all
 * writable and executable. The kernel's tables map:
 *   - the direct map at PAGE_OFFSET: the first 4 GiB whole (firmware tables, ACPI, the
 *     framebuffer live there) and all RAM above, with the largest pages possible, RW + NX;
 *   - the kernel image at its link address, with 4 KiB pages and each part's own permissions:
 *     text RX, read-only data R + NX, data and bss RW + NX, the symbol table R + NX;
 * and nothing at address 0: from here on a stray low pointer faults.
 */
#include <asm/cpufeature.h>
#include <asm/pgtable.h>

#include "kernel/mm/memblock.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"

extern char _kernel_start[], _text[], _etext[], _rodata[], _data[], _ebss[], _kernel_end[];

static void map_kernel_part(const char *start, const char *end, pgprot_t prot)
{
	unsigned long s = ALIGN_DOWN((unsigned long)start, PAGE_SIZE);
	unsigned long e = ALIGN_UP((unsigned long)end, PAGE_SIZE);

	if (map_pages(kernel_pgd, s, __pa((void *)s), e - s, prot))
		panic("paging: cannot map the kernel image at %#lx", s);
}

void paging_init(void)
{
	phys_addr_t ram_end = memblock_end_of_ram();
	phys_addr_t direct = ALIGN_UP(max(ram_end, (phys_addr_t)EARLY_MAP_SIZE), PMD_SIZE);

	cpu_enable_protections();
	kernel_pgd = pgtable_alloc();
	if (map_pages_large(kernel_pgd, PAGE_OFFSET, 0, direct, PAGE_KERNEL))
		panic("paging: cannot build the direct map");
	map_kernel_part(_kernel_start, _text, PAGE_KERNEL_RX); /* boot entry code */
	map_kernel_part(_text, _etext, PAGE_KERNEL_RX);
	map_kernel_part(_rodata, _data, PAGE_KERNEL_RO);
	map_kernel_part(_data, _ebss, PAGE_KERNEL);
	map_kernel_part(_ebss, _kernel_end, PAGE_KERNEL_RO); /* the symbol table */
	load_cr3(kernel_pgd);
	pr_info("paging: direct map of %llu MiB at %#lx, kernel image %lu KiB at %#lx\n",
		(unsigned long long)(direct >> 20), PAGE_OFFSET,
		(unsigned long)(_kernel_end - _kernel_start) / 1024, (unsigned long)_kernel_start);
}
