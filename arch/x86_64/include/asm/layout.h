/* SPDX-License-Identifier: MIT */
/*
 * The kernel's virtual layout (DESIGN.md, "Address space"). Usable from C, assembly and the
 * linker script, so it contains only #defines.
 */
#ifndef ASM_LAYOUT_H
#define ASM_LAYOUT_H

#ifdef __ASSEMBLER__
#define _AC(x, y) x
#else
#define _AC(x, y) x##y
#endif

/*
 * Physical address the kernel image is loaded at: 32 MiB. Below that are the legacy areas, and
 * OVMF keeps its firmware volume at 9-21 MiB until ExitBootServices, so the UEFI loader cannot
 * allocate there.
 */
#define KERNEL_PHYS_BASE   _AC(0x2000000, UL)
/* The image is linked at __START_KERNEL_map + physical address (the top 2 GiB). */
#define __START_KERNEL_map _AC(0xffffffff80000000, UL)
/* All of physical memory is mapped here (the "direct map"). */
#define PAGE_OFFSET	   _AC(0xffff888000000000, UL)
/* vmalloc area: kernel stacks with guard pages, other kernel mappings. */
#define VMALLOC_START	   _AC(0xffffc90000000000, UL)
#define VMALLOC_END        _AC(0xffffe90000000000, UL) /* 32 TiB */

/*
 * Never mapped: the start of the kernel half, below the direct map (Linux keeps the same hole).
 * Tests touch it to provoke a page fault on purpose.
 */
#define KERNEL_HOLE_START _AC(0xffff800000000000, UL)

/* How much the boot page tables map, identity and in the direct map: the first 4 GiB. */
#define EARLY_MAP_SIZE _AC(0x100000000, UL)

#define PAGE_SHIFT 12
#define PAGE_SIZE  (_AC(1, UL) << PAGE_SHIFT)

/* The boot stack, and the emergency stacks for double fault and NMI (see gdt.c). */
#define BOOT_STACK_SIZE (4 * PAGE_SIZE)
#define IST_STACK_SIZE	(2 * PAGE_SIZE)

#endif
