/* SPDX-License-Identifier: MIT */
/*
 * Static boot page tables and GDT, complete at link time so that both entry paths can load them
 * with a single CR3 write. They map the first EARLY_MAP_SIZE (4 GiB) of physical memory three
 * times with 2 MiB pages:
 *   identity          0                   -> 0   (the entry code runs here until it jumps high)
 *   direct map        PAGE_OFFSET         -> 0   (the kernel reads boot data through this)
 *   kernel image      __START_KERNEL_map  -> 0   (the first 1 GiB; the image lives at 16 MiB)
 * The memory code replaces them with the real kernel page tables.
 */
#include <asm/layout.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>

#define PHYS(x) ((x) - __START_KERNEL_map)
#define PGTABLE_FLAGS (PTE_PRESENT | PTE_WRITE)
#define PML4_INDEX(va) (((va) >> 39) & 511)

	.data
	.balign 4096
	.globl early_pml4
early_pml4:
	.quad PHYS(early_pdpt_low) + PGTABLE_FLAGS		/* slot 0: identity */
	.fill PML4_INDEX(PAGE_OFFSET) - 1, 8, 0
	.quad PHYS(early_pdpt_low) + PGTABLE_FLAGS		/* slot 273: direct map */
	.fill 511 - PML4_INDEX(PAGE_OFFSET) - 1, 8, 0
	.quad PHYS(early_pdpt_high) + PGTABLE_FLAGS		/* slot 511: kernel image */

	.balign 4096
early_pdpt_low:				/* 4 entries of 1 GiB each, covering 0..4 GiB */
	.quad PHYS(early_pd) + 0 * 4096 + PGTABLE_FLAGS
	.quad PHYS(early_pd) + 1 * 4096 + PGTABLE_FLAGS
	.quad PHYS(early_pd) + 2 * 4096 + PGTABLE_FLAGS
	.quad PHYS(early_pd) + 3 * 4096 + PGTABLE_FLAGS
	.fill 508, 8, 0

	.balign 4096
early_pdpt_high:			/* entry 510 is 0xffffffff80000000: phys 0..1 GiB */
	.fill 510, 8, 0
	.quad PHYS(early_pd) + PGTABLE_FLAGS
	.quad 0

	.balign 4096
early_pd:				/* 2048 entries of 2 MiB = 4 GiB */
	.set addr, 0
	.rept 2048
	.quad addr + PGTABLE_FLAGS + PTE_HUGE
	.set addr, addr + 0x200000
	.endr

/*
 * The early GDT: null, kernel code (64-bit), kernel data. The 32-bit path loads it by its
 * physical address, the 64-bit path by its virtual one; gdt.c installs the full GDT with a TSS.
 */
	.balign 16
early_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* KERNEL_CS: present, DPL 0, code, L=1 */
	.quad 0x00cf92000000ffff	/* KERNEL_DS: present, DPL 0, data, writable */
early_gdt_end:

	.globl early_gdt_desc32, early_gdt_desc
early_gdt_desc32:
	.word early_gdt_end - early_gdt - 1
	.long PHYS(early_gdt)
	.balign 8
early_gdt_desc:
	.word early_gdt_end - early_gdt - 1
	.quad early_gdt

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:
