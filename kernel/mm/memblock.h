/* SPDX-License-Identifier: MIT */
/* memblock: boot-time physical memory, before the page allocator (kernel/mm/memblock.c). */
#ifndef KERNEL_MM_MEMBLOCK_H
#define KERNEL_MM_MEMBLOCK_H

#include <asm/page.h>

#include "kernel/boot_info.h"
#include "lib/types.h"

/* memblock never hands out the first megabyte: real-mode data, and the SMP trampoline later. */
#define MEMBLOCK_LOW_LIMIT 0x100000

void memblock_init(const struct boot_info *bi);

/* Keep [start, end) (rounded out to pages) from ever being handed out or freed. */
void memblock_reserve(phys_addr_t start, phys_addr_t end);

/* size bytes (whole pages) of zeroed memory below limit, aligned; panics if there is none: at
 * boot, without memory for page tables and mem_map, there is nothing to fall back on. */
phys_addr_t memblock_alloc(size_t size, size_t align, phys_addr_t limit);

/* Call fn for every page-aligned range of usable RAM that is not reserved. */
void memblock_for_each_free_range(void (*fn)(phys_addr_t start, phys_addr_t end));

/* The end of the highest RAM region (usable or ACPI), the extent of the direct map. */
phys_addr_t memblock_end_of_ram(void);

#endif
