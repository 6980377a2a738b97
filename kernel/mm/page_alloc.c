/* SPDX-License-Identifier: MIT */
/*
 * The page allocator: a binary buddy system per zone.
 *
 * Free memory is kept in blocks of 2^order pages, each aligned to its own size, on one list per
 * order. An allocation takes the smallest block that is large enough and splits it, putting the
 * unused halves back on the lower lists. A free looks at the block's buddy (the other half of the
 * block it was split from: pfn ^ (1 << order)); if the buddy is free and of the same order, the
 * two merge, and the merged block tries again one order up.
 *
 * Each zone has one lock, taken with interrupts disabled, so any context may allocate. Nothing
 * here sleeps. GFP_ATOMIC allocations may dip into a small reserve (the zone's min watermark)
 * that other allocations leave alone, so that interrupt handlers still find memory when a task
 * has used up the rest.
 */
#include "kernel/mm/mm.h"

#include <asm/pgtable.h>

#include "kernel/locking/spinlock.h"
#include "kernel/mm/memblock.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "lib/string.h"

#define ZONE_DMA32_END_PFN  PFN_DOWN(0x100000000ull)
#define WATERMARK_MIN_PAGES 32 /* at least this many pages kept for GFP_ATOMIC */
#define WATERMARK_MIN_SHIFT 8  /* and at least 1/256 of the zone */

struct free_area {
	struct list_head free_list; /* first pages of free blocks of this order (PG_buddy) */
	unsigned long nr_free;	    /* blocks on the list */
};

struct zone {
	const char *name;
	spinlock_t lock; /* protects everything below, and the free pages' struct page fields */
	unsigned long start_pfn, end_pfn;
	unsigned long managed; /* pages given to the allocator */
	unsigned long free;
	unsigned long watermark_min; /* only GFP_ATOMIC allocations go below this */
	struct free_area free_area[MAX_ORDER + 1];
};

struct page *mem_map;
unsigned long max_pfn;
static struct zone zones[MAX_NR_ZONES] = {
	[ZONE_DMA32] = { .name = "DMA32", .lock = __SPIN_LOCK_UNLOCKED(zone_dma32.lock) },
	[ZONE_NORMAL] = { .name = "Normal", .lock = __SPIN_LOCK_UNLOCKED(zone_normal.lock) },
};
static bool page_alloc_ready;

static struct zone *page_zone(const struct page *page)
{
	return &zones[page_to_pfn(page) < ZONE_DMA32_END_PFN ? ZONE_DMA32 : ZONE_NORMAL];
}

static void add_free_block(struct zone *z, struct page *page, unsigned int order)
{
	page->flags |= PG_buddy;
	page->order = order;
	list_add(&page->lru, &z->free_area[order].free_list);
	z->free_area[order].nr_free++;
}

static void remove_free_block(struct zone *z, struct page *page, unsigned int order)
{
	list_del(&page->lru);
	page->flags &= ~PG_buddy;
	z->free_area[order].nr_free--;
}

/* Take a block of exactly `order` from z, splitting a larger one if needed. Zone lock held. */
static struct page *take_block(struct zone *z, unsigned int order)
{
	for (unsigned int o = order; o <= MAX_ORDER; o++) {
		struct page *page =
		    list_first_entry_or_null(&z->free_area[o].free_list, struct page, lru);

		if (!page)
			continue;
		remove_free_block(z, page, o);
		while (o > order) { /* give back the upper half, keep the lower */
			o--;
			add_free_block(z, page + (1ul << o), o);
		}
		z->free -= 1ul << order;
		return page;
	}
	return NULL;
}

static bool zone_has_room(const struct zone *z, unsigned int order, gfp_t gfp)
{
	unsigned long reserve = gfp & __GFP_ATOMIC ? 0 : z->watermark_min;

	return z->free >= (1ul << order) + reserve;
}

static struct page *alloc_from_zone(struct zone *z, unsigned int order, gfp_t gfp)
{
	struct page *page = NULL;
	unsigned long flags;

	spin_lock_irqsave(&z->lock, flags);
	if (zone_has_room(z, order, gfp))
		page = take_block(z, order);
	spin_unlock_irqrestore(&z->lock, flags);
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = NULL;

	if (WARN_ON_ONCE(order > MAX_ORDER || !page_alloc_ready))
		return NULL;
	/* Prefer high memory, keep the memory below 4 GiB for those who need it. */
	if (!(gfp & __GFP_DMA32))
		page = alloc_from_zone(&zones[ZONE_NORMAL], order, gfp);
	if (!page)
		page = alloc_from_zone(&zones[ZONE_DMA32], order, gfp);
	if (!page) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("page allocation failure: order %u, gfp %#x, %lu pages free\n",
				order, gfp, nr_free_pages());
		return NULL;
	}
	page->refcount = 1;
	page->order = order;
	if (order)
		page->flags |= PG_head;
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

/* The first page of the buddy of the block at pfn, if it is a free block of this order. */
static struct page *free_buddy(struct zone *z, unsigned long pfn, unsigned int order)
{
	unsigned long buddy_pfn = pfn ^ (1ul << order);
	struct page *buddy;

	if (buddy_pfn < z->start_pfn || buddy_pfn >= z->end_pfn)
		return NULL;
	buddy = pfn_to_page(buddy_pfn);
	if (!(buddy->flags & PG_buddy) || buddy->order != order)
		return NULL;
	return buddy;
}

/* Return a block to z, merging it with its buddies. Zone lock held. */
static void free_block(struct zone *z, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	z->free += 1ul << order;
	while (order < MAX_ORDER) {
		struct page *buddy = free_buddy(z, pfn, order);

		if (!buddy)
			break;
		remove_free_block(z, buddy, order);
		pfn &= ~(1ul << order); /* the merged block starts at the lower of the two */
		order++;
	}
	add_free_block(z, pfn_to_page(pfn), order);
}

/*
 * Refuse frees that would corrupt the allocator: report them with a backtrace and ignore them.
 * Only the first page of an allocated block has refcount 1; a free page, the inside of a block,
 * or a reserved page has 0, so a double free or a free of the wrong page is caught here.
 */
static bool bad_free(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	if (pfn >= max_pfn || (pfn & ((1ul << order) - 1)))
		pr_err("page allocator: free of a bad block: pfn %#lx order %u\n", pfn, order);
	else if (page->flags & (PG_reserved | PG_slab))
		pr_err("page allocator: free of a %s page: pfn %#lx\n",
		       page->flags & PG_reserved ? "reserved" : "slab", pfn);
	else if (page->refcount != 1)
		pr_err("page allocator: free of a page that is not allocated (double free?): "
		       "pfn %#lx order %u\n",
		       pfn, order);
	else if (order != page->order)
		pr_err("page allocator: pfn %#lx was allocated with order %u, freed with %u\n", pfn,
		       page->order, order);
	else
		return false;
	__warn(__FILE__, __LINE__, "refused to free the block");
	return true;
}

void __free_pages(struct page *page, unsigned int order)
{
	struct zone *z;
	unsigned long flags;

	if (bad_free(page, order))
		return;
	z = page_zone(page);
	page->flags &= ~PG_head;
	page->refcount = 0;
	page->order = 0;
	spin_lock_irqsave(&z->lock, flags);
	free_block(z, page, order);
	spin_unlock_irqrestore(&z->lock, flags);
}

void *__get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? page_address(page) : NULL;
}

void free_pages(void *addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

unsigned long nr_free_pages(void)
{
	unsigned long n = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		n += READ_ONCE(zones[i].free);
	return n;
}

void page_alloc_stats(struct page_alloc_stats *s)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zones[i];
		unsigned long flags;

		spin_lock_irqsave(&z->lock, flags);
		s->zone_total[i] = z->managed;
		s->zone_free[i] = z->free;
		s->total += z->managed;
		s->free += z->free;
		for (int o = 0; o <= MAX_ORDER; o++)
			s->nr_free[o] += z->free_area[o].nr_free;
		spin_unlock_irqrestore(&z->lock, flags);
	}
}

/* ---- Boot ----------------------------------------------------------------------------------- */

/* Give [start, end) to the allocator in the largest aligned blocks that fit. */
static void free_range_to_buddy(phys_addr_t start, phys_addr_t end)
{
	unsigned long pfn = PFN_DOWN(start), end_pfn = PFN_DOWN(end);

	while (pfn < end_pfn) {
		unsigned int order = MAX_ORDER;
		struct zone *z = page_zone(pfn_to_page(pfn));

		/* Aligned, inside the range, and not straddling the zone boundary. */
		while (order &&
		       ((pfn & ((1ul << order) - 1)) || pfn + (1ul << order) > end_pfn ||
			(pfn < ZONE_DMA32_END_PFN && pfn + (1ul << order) > ZONE_DMA32_END_PFN)))
			order--;
		for (unsigned long i = 0; i < (1ul << order); i++)
			pfn_to_page(pfn + i)->flags &= ~PG_reserved;
		z->start_pfn = min(z->start_pfn, pfn);
		z->end_pfn = max(z->end_pfn, pfn + (1ul << order));
		z->managed += 1ul << order;
		free_block(z, pfn_to_page(pfn), order);
		pfn += 1ul << order;
	}
}

void page_alloc_init(void)
{
	size_t map_size;

	max_pfn = PFN_UP(memblock_end_of_ram());
	map_size = max_pfn * sizeof(struct page);
	mem_map = __va(memblock_alloc(map_size, PAGE_SIZE, (phys_addr_t)-1));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		mem_map[pfn].flags = PG_reserved; /* until memblock says the page is free */
		INIT_LIST_HEAD(&mem_map[pfn].lru);
	}
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		zones[i].start_pfn = ~0ul;
		for (int o = 0; o <= MAX_ORDER; o++)
			INIT_LIST_HEAD(&zones[i].free_area[o].free_list);
	}
	memblock_for_each_free_range(free_range_to_buddy);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zones[i].watermark_min = zones[i].managed
					     ? max((unsigned long)WATERMARK_MIN_PAGES,
						   zones[i].managed >> WATERMARK_MIN_SHIFT)
					     : 0;
	page_alloc_ready = true;
	pr_info("page_alloc: mem_map for %lu pages uses %zu KiB\n", max_pfn, map_size / 1024);
}

/* Page tables: from memblock before the page allocator is up (they are never freed), then
 * from the page allocator. */
pte_t *pgtable_alloc(void)
{
	if (!page_alloc_ready)
		return __va(memblock_alloc(PAGE_SIZE, PAGE_SIZE, EARLY_MAP_SIZE));
	return get_zeroed_page(GFP_KERNEL);
}

void pgtable_free(pte_t *table)
{
	struct page *page = virt_to_page(table);

	if (!(page->flags & PG_reserved)) /* boot-time tables stay */
		__free_pages(page, 0);
}

void show_mem(void)
{
	struct page_alloc_stats s;

	page_alloc_stats(&s);
	pr_info("meminfo: %lu KiB managed, %lu KiB free\n", s.total * 4, s.free * 4);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (s.zone_total[i])
			pr_info("meminfo:   zone %-6s %8lu KiB managed, %8lu KiB free, %lu KiB "
				"reserved for atomic allocations\n",
				zones[i].name, s.zone_total[i] * 4, s.zone_free[i] * 4,
				zones[i].watermark_min * 4);
	pr_info("meminfo:   free blocks by order:");
	for (int o = 0; o <= MAX_ORDER; o++)
		pr_cont(" %lu", s.nr_free[o]);
	pr_cont("\n");
}
