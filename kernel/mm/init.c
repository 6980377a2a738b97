/* SPDX-License-Identifier: MIT */
/* mm_init(): memory management comes up in dependency order. */
#include "kernel/mm/mm.h"
#include "kernel/mm/vma.h"

#include <asm/pgtable.h>

#include "kernel/mm/internal.h"
#include "kernel/mm/memblock.h"
#include "kernel/mm/slab.h"

extern char _kernel_start[], _kernel_end[];

/* What memblock must never hand out: the low megabyte, the kernel, the boot modules. */
static void reserve_boot_memory(const struct boot_info *bi)
{
	memblock_reserve(0, MEMBLOCK_LOW_LIMIT);
	memblock_reserve(__pa(_kernel_start), __pa(_kernel_end));
	for (u32 i = 0; i < bi->module_count; i++)
		memblock_reserve(bi->modules[i].phys_start, bi->modules[i].phys_end);
}

void mm_init(const struct boot_info *bi)
{
	memblock_init(bi);
	reserve_boot_memory(bi);
	paging_init();	   /* the kernel's page tables, from memblock pages below 4 GiB */
	page_alloc_init(); /* mem_map, then all remaining free pages to the buddy allocator */
	kmem_cache_init(); /* kmalloc and the slab caches */
	vma_cache_init();  /* the VMA cache (before any process) */
	show_mem();
}
