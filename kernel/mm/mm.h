/* SPDX-License-Identifier: MIT */
/*
 * Memory management: physical pages, the kernel's page tables and virtual areas.
 *
 *  - memblock: the boot-time allocator, used only until the page allocator is up.
 *  - the page allocator (buddy system): alloc_pages() / __free_pages(), 2^order contiguous pages.
 *    Every page of RAM has a struct page in mem_map[], indexed by page frame number (pfn).
 *  - vmalloc: virtually contiguous memory in the vmalloc area, each area followed by an unmapped
 *    guard page; kernel stacks come from here.
 *  - slab (kernel/mm/slab.h): small objects, kmalloc().
 *
 * docs/memory.md explains the design and how to read the accounting.
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <asm/layout.h>
#include <asm/page.h>

#include "kernel/boot_info.h"
#include "lib/list.h"
#include "lib/types.h"

/* ---- Allocation flags ----------------------------------------------------------------------- */

typedef unsigned int gfp_t;

#define __GFP_ATOMIC (1u << 0) /* the caller cannot sleep (IRQs off, spinlock held, interrupt) */
#define __GFP_ZERO   (1u << 1) /* return zeroed memory */
#define __GFP_DMA32  (1u << 2) /* only memory below 4 GiB */
#define __GFP_NOWARN (1u << 3) /* no message on failure (tests that exhaust memory) */

/* A normal allocation. It may sleep once reclaim exists; today nothing here ever sleeps. */
#define GFP_KERNEL 0u
#define GFP_ATOMIC __GFP_ATOMIC

/* ---- struct page ---------------------------------------------------------------------------- */

/* page->flags bits */
#define PG_reserved (1ul << 0) /* never given to the allocator: firmware, kernel image, holes */
#define PG_buddy    (1ul << 1) /* first page of a free block; page->order says its size */
#define PG_slab	    (1ul << 2) /* belongs to a slab; the slab fields below are valid */
#define PG_head	    (1ul << 3) /* first page of an allocated block of order > 0 */

/*
 * One per physical page frame. Which fields mean something depends on the flags; all of them are
 * protected by whoever owns the page: the zone lock while it is free, its allocator (the slab
 * cache lock, say) while it is in use.
 */
struct page {
	unsigned long flags;
	int refcount;	      /* users of an allocated page; 0 while free */
	unsigned int order;   /* PG_buddy or PG_head: the block is 2^order pages */
	struct list_head lru; /* a buddy free list, or a slab cache's list of slabs */
	/* PG_slab */
	struct kmem_cache *slab_cache;
	void *freelist;	    /* first free object in this slab */
	unsigned int inuse; /* objects allocated from this slab */
};

extern struct page *mem_map; /* indexed by pfn, for pfn < max_pfn */
extern unsigned long max_pfn;

#define PFN_DOWN(pa) ((pa) >> PAGE_SHIFT)
#define PFN_UP(pa)   (((pa) + PAGE_SIZE - 1) >> PAGE_SHIFT)

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return &mem_map[pfn];
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

/* The direct-map address of a page. */
static inline void *page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

/* The struct page of a direct-map (or kernel-image) address. */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(PFN_DOWN(__pa(addr)));
}

/* References to a single page shared between page tables (copy-on-write): the last put frees it. */
void get_page(struct page *page);
void put_page(struct page *page);

/* ---- The page allocator --------------------------------------------------------------------- */

#define MAX_ORDER 10 /* the largest block is 2^10 pages = 4 MiB */

/* 2^order physically contiguous pages, or NULL. Never sleeps today; never panics. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);

static inline struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

/* The same, by direct-map address. */
void *__get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(void *addr, unsigned int order);

static inline void *get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

static inline void free_page(void *addr)
{
	free_pages(addr, 0);
}

enum zone_type {
	ZONE_DMA32,  /* below 4 GiB */
	ZONE_NORMAL, /* 4 GiB and above */
	MAX_NR_ZONES,
};

/* A snapshot of the page allocator's accounting, in pages. */
struct page_alloc_stats {
	unsigned long total; /* pages the allocator manages (free or allocated) */
	unsigned long free;  /* pages free now */
	unsigned long zone_total[MAX_NR_ZONES];
	unsigned long zone_free[MAX_NR_ZONES];
	unsigned long nr_free[MAX_ORDER + 1]; /* free blocks of each order, all zones */
};

void page_alloc_stats(struct page_alloc_stats *stats);
unsigned long nr_free_pages(void);

/* Print the accounting (the boot "meminfo" report). */
void show_mem(void);

/* ---- vmalloc -------------------------------------------------------------------------------- */

/*
 * size bytes (rounded up to pages) of virtually contiguous, zeroed kernel memory, RW+NX, with an
 * unmapped guard page before and after it, or NULL. Task context only (it will sleep one day).
 */
void *vmalloc(size_t size);
/*
 * Free what vmalloc() returned, from any context: in interrupt context or with interrupts off,
 * the freeing is handed to a work item, since it must wait for every CPU's TLB flush.
 */
void vfree(const void *addr);
/* How many vfree() calls were handed to the work item, and how many of those are done. */
void vfree_deferred_stats(unsigned long *deferred, unsigned long *done);

/*
 * A kernel stack of size bytes in the vmalloc area, with an unmapped guard page below it: an
 * overflow faults on the guard page and is reported as a stack overflow. Returns the lowest
 * address of the stack (the top is that plus size).
 */
void *vmalloc_stack(size_t size);

/* Is addr in the guard page of a vmalloc area? (the double fault handler asks) */
bool vmalloc_guard_page(unsigned long addr);

/* ---- Boot ----------------------------------------------------------------------------------- */

/*
 * Bring up memory management from the firmware's memory map: memblock, the kernel page tables
 * (direct map, kernel image with per-section permissions), mem_map and the page allocator, slab,
 * vmalloc. Called once from kmain.
 */
void mm_init(const struct boot_info *bi);

#endif
