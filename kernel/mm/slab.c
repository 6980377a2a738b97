/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator. slab.h has the interface; docs/memory.md the design.
 *
 * A slab is a block of 2^order pages from the page allocator, cut into `objects` slots of
 * `size` bytes (the stride). The slab's state lives in the struct page of its first page:
 * freelist (the first free object), inuse (objects allocated) and lru (the cache's partial or
 * full list). Every page of the slab has PG_slab and slab_cache set, so the cache of any address
 * in a slab is one lookup away; the first page is found by rounding the pfn down to the slab
 * size, because the page allocator aligns every block to its own size.
 *
 * One slot, with CONFIG_SLAB_DEBUG:
 *
 *	| left red zone | object          | right red zone    | meta       | padding |
 *	^ slot          ^ slot + red_left ^ + object_size     ^ + free_offset        ^ slot + size
 *
 * The red zones are filled with RED_ZONE_BYTE when the slab is made and checked on every free.
 * The left one is red_left bytes (SLAB_RED_ZONE rounded up to the alignment, so the object stays
 * aligned); the right one runs from the end of the object to SLAB_RED_ZONE bytes past its
 * 8-byte-aligned end, so even a one-byte overflow of an odd-sized object lands in it. The meta
 * (struct slab_meta) holds the free-list link and the object's state, outside the bytes that
 * poisoning fills: a free object is all POISON_FREE, checked when the object is handed out again.
 *
 * Without CONFIG_SLAB_DEBUG a slot is just the object rounded up to the alignment, and a free
 * object's first word is the link, unless the cache has a constructor: the link would undo the
 * constructor's work, so it gets a word of its own after the object. A cache with a constructor
 * is never poisoned, for the same reason.
 *
 * Locking: each cache's lock (taken with interrupts off) protects its slab lists, counters and
 * the slab fields of its pages. The page allocator is called without it: a new slab is built
 * privately and then added under the lock, and an empty slab is taken off the lists under the
 * lock and freed after. slab_caches_lock protects the list of caches and nests outside a cache's
 * lock.
 */
#include "kernel/mm/slab.h"

#include <asm/cache.h>
#include <asm/cpu.h>

#include "kernel/locking/spinlock.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "lib/printf.h"
#include "lib/string.h"


#define SLAB_RED_ZONE		8    /* bytes of red zone at least, on each side */
#define SLAB_MAX_WASTE_FRACTION 8    /* choose the smallest order that wastes at most 1/8 */
#define POISON_FREE		0x6b /* every byte of a free object (debug, no constructor) */
#define RED_ZONE_BYTE		0xbb /* every byte of a red zone */
#define SLAB_OBJ_FREE		0x6565726662616c73ul /* "slabfree" in a memory dump */
#define SLAB_OBJ_INUSE		0x6465737562616c73ul /* "slabused" */
#define SLAB_VALID_FLAGS	(SLAB_HWCACHE_ALIGN | SLAB_PANIC)
#define SLAB_GFP_MASK		(__GFP_ATOMIC | __GFP_NOWARN) /* what slab passes on */
#define KMALLOC_LARGE_GFP_MASK	(__GFP_ATOMIC | __GFP_NOWARN | __GFP_ZERO | __GFP_DMA32)

/* What a slot keeps after the object (and its right red zone), where the object has no say. */
struct slab_meta {
	void *next_free;     /* the next free object of the slab, while this one is free */
	unsigned long state; /* CONFIG_SLAB_DEBUG: SLAB_OBJ_FREE or SLAB_OBJ_INUSE */
};

struct kmem_cache {
	/* Set when the cache is created, constant after. */
	const char *name;
	size_t object_size;   /* the size asked for; ksize() of the objects */
	size_t size;	      /* the stride: object, red zones, meta and padding */
	size_t align;	      /* of the objects */
	size_t red_left;      /* the object's offset in its slot: the left red zone, or 0 */
	size_t free_offset;   /* where the free-list link (struct slab_meta) is, from the object */
	unsigned int order;   /* a slab is 2^order pages */
	unsigned int objects; /* objects per slab */
	unsigned int flags;   /* SLAB_* */
	bool poison;	      /* fill free objects with POISON_FREE (debug, no constructor) */
	void (*ctor)(void *obj);

	spinlock_t lock;	  /* protects the fields below and its slabs' struct pages */
	struct list_head partial; /* slabs with free and allocated objects, by page->lru */
	struct list_head full;	  /* slabs with no free object */
	unsigned long nr_slabs;
	unsigned long nr_active; /* objects allocated */
	unsigned long allocs, frees;

	struct list_head list; /* on slab_caches, under slab_caches_lock */
};

/* Boot progress: kmem_cache_create() needs the cache of caches, kmalloc() its caches too. */
static enum { SLAB_DOWN, SLAB_PARTIAL, SLAB_UP } slab_state;

/* The cache of struct kmem_cache, which cannot come from itself. */
static struct kmem_cache kmem_cache_boot;

static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_caches_lock);

static struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];
static const char *const kmalloc_names[KMALLOC_SHIFT_HIGH + 1] = {
	[3] = "kmalloc-8",     [4] = "kmalloc-16",    [5] = "kmalloc-32",  [6] = "kmalloc-64",
	[7] = "kmalloc-128",   [8] = "kmalloc-256",   [9] = "kmalloc-512", [10] = "kmalloc-1024",
	[11] = "kmalloc-2048", [12] = "kmalloc-4096",
};

/* Large kmalloc blocks now allocated, and their pages (atomic). */
static unsigned long kmalloc_large_blocks, kmalloc_large_pages;

static unsigned long debug_errors; /* reports so far (atomic) */

/* ---- Reports -------------------------------------------------------------------------------- */

/*
 * Report a problem with obj, as one line naming the cache, the object and what was found,
 * followed by a backtrace of the caller. Never fatal: the caller repairs or refuses and goes on.
 */
__printf(3, 4) static void slab_report(const char *cache_name, const void *obj, const char *fmt,
				       ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&debug_errors, 1, __ATOMIC_RELAXED);
	pr_err("slab: %s: object %p: %s\n", cache_name, obj, what);
	show_backtrace(current_frame_address());
}

unsigned long slab_debug_errors(void)
{
	return __atomic_load_n(&debug_errors, __ATOMIC_RELAXED);
}

/* ---- Slots and slabs ------------------------------------------------------------------------ */

static void **free_link(const struct kmem_cache *c, void *obj)
{
	return &((struct slab_meta *)((char *)obj + c->free_offset))->next_free;
}

static unsigned long *obj_state(const struct kmem_cache *c, void *obj)
{
	return &((struct slab_meta *)((char *)obj + c->free_offset))->state;
}

static char *slab_base(const struct page *slab)
{
	return page_address(slab);
}

/* The first page of the slab that page (a PG_slab page of cache c) belongs to. */
static struct page *slab_head(const struct kmem_cache *c, struct page *page)
{
	return pfn_to_page(ALIGN_DOWN(page_to_pfn(page), 1ul << c->order));
}

/* Is p the start of an object of slab? */
static bool is_object(const struct kmem_cache *c, const struct page *slab, const void *p)
{
	size_t offset = (const char *)p - slab_base(slab);

	return (const char *)p >= slab_base(slab) && offset % c->size == c->red_left &&
	       offset / c->size < c->objects;
}

/* The struct page of a direct-map address, or NULL if addr is not in the direct map of RAM. */
static struct page *direct_map_page(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	if (a < PAGE_OFFSET || a - PAGE_OFFSET >= max_pfn << PAGE_SHIFT)
		return NULL;
	return virt_to_page(addr);
}

/* ---- Debug checks --------------------------------------------------------------------------- */

/* The first byte of [p, p + n) that is not `byte`, or NULL. Compares words where it can. */
static const u8 *find_not(const void *p, u8 byte, size_t n)
{
	const u8 *b = p, *end = b + n;
	unsigned long word = byte * 0x0101010101010101ul;

	for (; b < end && ((unsigned long)b % sizeof(word)); b++)
		if (*b != byte)
			return b;
	for (; end - b >= (long)sizeof(word); b += sizeof(word))
		if (*(const unsigned long *)b != word)
			break;
	for (; b < end; b++)
		if (*b != byte)
			return b;
	return NULL;
}

static size_t red_right_size(const struct kmem_cache *c)
{
	return c->free_offset - c->object_size;
}

static void fill_red_zones(const struct kmem_cache *c, char *obj)
{
	memset(obj - c->red_left, RED_ZONE_BYTE, c->red_left);
	memset(obj + c->object_size, RED_ZONE_BYTE, red_right_size(c));
}

/* Report the first damaged red zone byte of obj, if any, and repair both zones. */
static void check_red_zones(const struct kmem_cache *c, char *obj)
{
	const u8 *bad = find_not(obj - c->red_left, RED_ZONE_BYTE, c->red_left);

	if (bad) {
		slab_report(c->name, obj,
			    "red zone before the object overwritten at offset -%ld (byte %#x): "
			    "underflow",
			    (long)(obj - (const char *)bad), *bad);
	} else {
		bad = find_not(obj + c->object_size, RED_ZONE_BYTE, red_right_size(c));
		if (!bad)
			return;
		slab_report(c->name, obj,
			    "red zone after the object overwritten at offset +%ld (byte %#x): "
			    "overflow",
			    (long)((const char *)bad - obj), *bad);
	}
	fill_red_zones(c, obj);
}

/*
 * Checks before obj goes back on its free list (cache lock held). A double free or damaged
 * metadata refuses the free: following either would corrupt the free list. Damaged red zones are
 * reported and repaired, and the free goes on.
 */
static bool free_allowed(const struct kmem_cache *c, char *obj)
{
	unsigned long state = *obj_state(c, obj);

	if (state == SLAB_OBJ_FREE) {
		slab_report(c->name, obj, "double free (the object is already free): free refused");
		return false;
	}
	if (state != SLAB_OBJ_INUSE) {
		slab_report(c->name, obj,
			    "metadata after the object overwritten (state %#lx): free refused",
			    state);
		return false;
	}
	check_red_zones(c, obj);
	return true;
}

/* Is obj, the head of slab's free list, really free, and its link sound? (cache lock held) */
static bool free_object_intact(const struct kmem_cache *c, const struct page *slab, void *obj)
{
	unsigned long state = *obj_state(c, obj);
	void *next = *free_link(c, obj);

	if (state == SLAB_OBJ_FREE && (!next || is_object(c, slab, next)))
		return true;
	slab_report(c->name, obj, "free list corrupted (state %#lx, next %p): rest of list dropped",
		    state, next);
	return false;
}

/* A free object is all poison: anything else was written after it was freed. */
static void check_poison(const struct kmem_cache *c, char *obj)
{
	const u8 *bad = find_not(obj, POISON_FREE, c->object_size);

	if (bad)
		slab_report(c->name, obj,
			    "poison overwritten at offset %ld (byte %#x): written after free",
			    (long)((const char *)bad - obj), *bad);
}

/* ---- Growing and shrinking ------------------------------------------------------------------ */

/* Make a slot's object free for the first time: red zones, poison, state, constructor. */
static void init_object(const struct kmem_cache *c, char *obj)
{
	if (CONFIG_SLAB_DEBUG) {
		fill_red_zones(c, obj);
		*obj_state(c, obj) = SLAB_OBJ_FREE;
	}
	if (c->poison)
		memset(obj, POISON_FREE, c->object_size);
	if (c->ctor)
		c->ctor(obj);
}

/* A new slab with every object free, not yet on any list; NULL if the page allocator has none. */
static struct page *new_slab(struct kmem_cache *c, gfp_t gfp)
{
	struct page *slab = alloc_pages(gfp & SLAB_GFP_MASK, c->order);

	if (!slab)
		return NULL;
	for (unsigned long i = 0; i < (1ul << c->order); i++) {
		slab[i].flags |= PG_slab;
		slab[i].slab_cache = c;
	}
	slab->inuse = 0;
	slab->freelist = NULL;
	/* Link the objects in address order: the first one is handed out first. */
	for (unsigned int i = c->objects; i-- > 0;) {
		char *obj = slab_base(slab) + (size_t)i * c->size + c->red_left;

		init_object(c, obj);
		*free_link(c, obj) = slab->freelist;
		slab->freelist = obj;
	}
	return slab;
}

/* Give a slab, already off the cache's lists, back to the page allocator. */
static void discard_slab(struct kmem_cache *c, struct page *slab)
{
	for (unsigned long i = 0; i < (1ul << c->order); i++) {
		slab[i].flags &= ~PG_slab;
		slab[i].slab_cache = NULL;
	}
	slab->freelist = NULL;
	slab->inuse = 0;
	__free_pages(slab, c->order);
}

/* ---- Allocation and free -------------------------------------------------------------------- */

/* Take obj, the head of slab's free list. Cache lock held. */
static void *claim_object(struct kmem_cache *c, struct page *slab, void *obj)
{
	slab->freelist = *free_link(c, obj);
	slab->inuse++;
	if (!slab->freelist)
		list_move(&slab->lru, &c->full);
	if (CONFIG_SLAB_DEBUG)
		*obj_state(c, obj) = SLAB_OBJ_INUSE;
	c->nr_active++;
	c->allocs++;
	return obj;
}

/* A free object from the cache's slabs, or NULL if they are all full. Cache lock held. */
static void *take_object(struct kmem_cache *c)
{
	struct page *slab;

	while ((slab = list_first_entry_or_null(&c->partial, struct page, lru))) {
		void *obj = slab->freelist;

		if (!CONFIG_SLAB_DEBUG || free_object_intact(c, slab, obj))
			return claim_object(c, slab, obj);
		/* Don't follow a damaged link: the rest of this slab's free objects are lost. */
		slab->freelist = NULL;
		list_move(&slab->lru, &c->full);
	}
	return NULL;
}

static void *slab_alloc(struct kmem_cache *c, gfp_t gfp)
{
	unsigned long flags;
	void *obj;

	if (WARN_ON_ONCE(gfp & __GFP_DMA32)) /* slabs come from any zone */
		return NULL;
	spin_lock_irqsave(&c->lock, flags);
	while (!(obj = take_object(c))) {
		struct page *slab;

		spin_unlock_irqrestore(&c->lock, flags);
		slab = new_slab(c, gfp);
		if (!slab) {
			if (!(gfp & __GFP_NOWARN))
				pr_warn("slab: %s: out of memory for a slab of order %u\n", c->name,
					c->order);
			return NULL;
		}
		spin_lock_irqsave(&c->lock, flags);
		list_add(&slab->lru, &c->partial);
		c->nr_slabs++;
	}
	spin_unlock_irqrestore(&c->lock, flags);

	/* The object is ours now: the checks and the zeroing need no lock. */
	if (c->poison)
		check_poison(c, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->object_size);
	return obj;
}

/*
 * Put obj back on its slab's free list. Returns the slab if that emptied it: it is then off the
 * lists, for the caller to discard once the lock is dropped. Cache lock held.
 */
static struct page *release_object(struct kmem_cache *c, struct page *slab, void *obj)
{
	if (c->poison)
		memset(obj, POISON_FREE, c->object_size);
	if (CONFIG_SLAB_DEBUG)
		*obj_state(c, obj) = SLAB_OBJ_FREE;
	if (!slab->freelist) /* it was full */
		list_move(&slab->lru, &c->partial);
	*free_link(c, obj) = slab->freelist;
	slab->freelist = obj;
	slab->inuse--;
	c->nr_active--;
	c->frees++;
	if (slab->inuse)
		return NULL;
	list_del(&slab->lru);
	c->nr_slabs--;
	return slab;
}

/* Free obj, which lies in page, a PG_slab page of cache c. */
static void slab_free(struct kmem_cache *c, struct page *page, void *obj)
{
	struct page *slab = slab_head(c, page), *empty;
	unsigned long flags;

	if (!is_object(c, slab, obj)) {
		size_t offset = (char *)obj - slab_base(slab);

		slab_report(c->name, obj,
			    "not the start of an object (slot %zu + %zu): free refused",
			    offset / c->size, offset % c->size);
		return;
	}
	spin_lock_irqsave(&c->lock, flags);
	if (CONFIG_SLAB_DEBUG && !free_allowed(c, obj)) {
		spin_unlock_irqrestore(&c->lock, flags);
		return;
	}
	empty = release_object(c, slab, obj);
	spin_unlock_irqrestore(&c->lock, flags);
	if (empty)
		discard_slab(c, empty);
}

void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	return slab_alloc(cache, gfp);
}

void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	return slab_alloc(cache, gfp | __GFP_ZERO);
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	struct page *page;

	if (!obj)
		return;
	page = direct_map_page(obj);
	if (!page || !(page->flags & PG_slab)) {
		slab_report(cache->name, obj, "not a slab object (%s): free refused",
			    page ? "its page is not a slab" : "not a direct-map address");
		return;
	}
	if (page->slab_cache != cache) {
		slab_report(cache->name, obj, "belongs to cache %s: free refused",
			    page->slab_cache->name);
		return;
	}
	slab_free(cache, page, obj);
}

/* ---- kmalloc -------------------------------------------------------------------------------- */

/* The smallest shift with 2^shift >= size, at least KMALLOC_SHIFT_LOW. */
static unsigned int kmalloc_shift(size_t size)
{
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	return 64 - __builtin_clzl(size - 1);
}

/* Above the largest size class: a block of whole pages, order >= 1, so PG_head marks it. */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = kmalloc_shift(size) - PAGE_SHIFT;
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is more than the largest block\n", size);
		return NULL;
	}
	page = alloc_pages(gfp & KMALLOC_LARGE_GFP_MASK, order);
	if (!page)
		return NULL;
	__atomic_add_fetch(&kmalloc_large_blocks, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&kmalloc_large_pages, 1ul << order, __ATOMIC_RELAXED);
	return page_address(page);
}

static void kfree_large(struct page *page, const void *obj)
{
	unsigned int order = page->order;

	if (!(page->flags & PG_head) || (page->flags & (PG_buddy | PG_reserved)) ||
	    obj != page_address(page)) {
		slab_report("kmalloc", obj,
			    "not allocated by kmalloc (page flags %#lx): free refused",
			    page->flags);
		return;
	}
	__atomic_sub_fetch(&kmalloc_large_blocks, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&kmalloc_large_pages, 1ul << order, __ATOMIC_RELAXED);
	__free_pages(page, order);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return NULL;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	if (WARN_ON_ONCE(slab_state != SLAB_UP))
		return NULL;
	return slab_alloc(kmalloc_caches[kmalloc_shift(size)], gfp);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/* kfree() takes objects of any cache: the page says which one, or that it is a large block. */
void kfree(const void *obj)
{
	struct page *page;

	if (!obj)
		return;
	page = direct_map_page(obj);
	if (!page) {
		slab_report("kmalloc", obj, "not a direct-map address: free refused");
		return;
	}
	if (page->flags & PG_slab)
		slab_free(page->slab_cache, page, (void *)obj);
	else
		kfree_large(page, obj);
}

size_t ksize(const void *obj)
{
	struct page *page;

	if (!obj)
		return 0;
	page = direct_map_page(obj);
	if (page && (page->flags & PG_slab))
		return page->slab_cache->object_size;
	if (page && (page->flags & PG_head) && obj == page_address(page))
		return PAGE_SIZE << page->order;
	slab_report("kmalloc", obj, "ksize() of something kmalloc did not return");
	return 0;
}

/* ---- Creating and destroying caches --------------------------------------------------------- */

static bool cache_args_valid(const char *name, size_t size, size_t align, unsigned int flags)
{
	return name && size && size <= (PAGE_SIZE << SLAB_MAX_ORDER) &&
	       (align & (align - 1)) == 0 && align <= PAGE_SIZE && !(flags & ~SLAB_VALID_FLAGS);
}

/*
 * The objects' alignment: what was asked, at least SLAB_MIN_ALIGN, and with SLAB_HWCACHE_ALIGN
 * the smallest power of two >= size up to a cache line, so no object straddles a line.
 */
static size_t object_align(size_t size, size_t align, unsigned int flags)
{
	size_t line = L1_CACHE_BYTES;

	align = max(align, (size_t)SLAB_MIN_ALIGN);
	if (flags & SLAB_HWCACHE_ALIGN) {
		while (line / 2 >= size && line / 2 >= SLAB_MIN_ALIGN)
			line /= 2;
		align = max(align, line);
	}
	return align;
}

/*
 * The smallest order whose slab wastes at most 1/SLAB_MAX_WASTE_FRACTION of itself; failing
 * that, the order that wastes the smallest part. False if no slab of SLAB_MAX_ORDER holds one.
 */
static bool choose_order(struct kmem_cache *c)
{
	size_t best_waste = 0, best_bytes = 0;

	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		size_t bytes = PAGE_SIZE << order, n = bytes / c->size, waste = bytes - n * c->size;

		if (!n)
			continue;
		if (!best_bytes || waste * best_bytes < best_waste * bytes) {
			c->order = order;
			best_waste = waste;
			best_bytes = bytes;
		}
		if (waste * SLAB_MAX_WASTE_FRACTION <= bytes)
			break;
	}
	c->objects = best_bytes / c->size;
	return best_bytes != 0;
}

/* Lay out a slot (see the top of this file) and size the slabs. */
static bool calculate_layout(struct kmem_cache *c)
{
	size_t end;

	c->red_left = CONFIG_SLAB_DEBUG ? ALIGN_UP((size_t)SLAB_RED_ZONE, c->align) : 0;
	end = c->red_left + c->object_size;
	if (CONFIG_SLAB_DEBUG)
		end = ALIGN_UP(end, sizeof(long)) + SLAB_RED_ZONE;
	if (CONFIG_SLAB_DEBUG || c->ctor) {
		end = ALIGN_UP(end, sizeof(long));
		c->free_offset = end - c->red_left;
		end += CONFIG_SLAB_DEBUG ? sizeof(struct slab_meta) : sizeof(void *);
	} else {
		c->free_offset = 0; /* the link is the free object's first word */
		end = max(end, sizeof(void *));
	}
	c->size = ALIGN_UP(end, c->align);
	return choose_order(c);
}

static bool cache_init(struct kmem_cache *c, const char *name, size_t size, size_t align,
		       unsigned int flags, void (*ctor)(void *obj))
{
	c->name = name;
	c->object_size = size;
	c->align = object_align(size, align, flags);
	c->flags = flags;
	c->ctor = ctor;
	c->poison = CONFIG_SLAB_DEBUG && !ctor;
	if (!calculate_layout(c))
		return false;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	return true;
}

static void add_to_cache_list(struct kmem_cache *c)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&c->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags, void (*ctor)(void *obj))
{
	struct kmem_cache *c = NULL;

	if (!WARN_ON_ONCE(slab_state == SLAB_DOWN) && cache_args_valid(name, size, align, flags)) {
		c = kmem_cache_zalloc(&kmem_cache_boot, GFP_KERNEL);
		if (c && !cache_init(c, name, size, align, flags, ctor)) {
			kmem_cache_free(&kmem_cache_boot, c);
			c = NULL;
		}
	}
	if (!c) {
		if (flags & SLAB_PANIC)
			panic("slab: cannot create cache %s (size %zu, align %zu)", name, size,
			      align);
		return NULL;
	}
	add_to_cache_list(c);
	return c;
}

static bool is_kmalloc_cache(const struct kmem_cache *c)
{
	for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
		if (kmalloc_caches[i] == c)
			return true;
	return false;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	LIST_HEAD(slabs);
	struct page *slab, *tmp;
	unsigned long flags, active;

	if (!c || WARN_ON(c == &kmem_cache_boot || is_kmalloc_cache(c)))
		return;
	spin_lock_irqsave(&c->lock, flags);
	active = c->nr_active;
	if (!active) { /* only slabs whose free list was dropped can be left */
		list_splice_init(&c->partial, &slabs);
		list_splice_init(&c->full, &slabs);
		c->nr_slabs = 0;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (active) {
		pr_err(
		    "slab: kmem_cache_destroy(%s): %lu objects still allocated; the cache stays\n",
		    c->name, active);
		WARN_ON(active);
		return;
	}
	list_for_each_entry_safe (slab, tmp, &slabs, lru) {
		list_del(&slab->lru);
		discard_slab(c, slab);
	}
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&c->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(&kmem_cache_boot, c);
}

void kmem_cache_init(void)
{
	BUG_ON(slab_state != SLAB_DOWN);
	if (!cache_init(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache), 0,
			SLAB_HWCACHE_ALIGN, NULL))
		panic("slab: cannot lay out the cache of caches");
	add_to_cache_list(&kmem_cache_boot);
	slab_state = SLAB_PARTIAL;

	for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
		kmalloc_caches[i] = kmem_cache_create(kmalloc_names[i], 1ul << i, 0,
						      SLAB_HWCACHE_ALIGN | SLAB_PANIC, NULL);
	slab_state = SLAB_UP;
	pr_info("slab: kmalloc size classes %lu..%lu bytes, debug checks %s\n", KMALLOC_MIN_SIZE,
		KMALLOC_MAX_CACHE_SIZE, CONFIG_SLAB_DEBUG ? "on" : "off");
}

/* ---- Accounting ----------------------------------------------------------------------------- */

void kmem_cache_get_stats(struct kmem_cache *c, struct kmem_cache_stats *s)
{
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	*s = (struct kmem_cache_stats){
		.name = c->name,
		.object_size = c->object_size,
		.active_objs = c->nr_active,
		.total_objs = c->nr_slabs * c->objects,
		.slabs = c->nr_slabs,
		.pages = c->nr_slabs << c->order,
		.allocs = c->allocs,
		.frees = c->frees,
	};
	spin_unlock_irqrestore(&c->lock, flags);
}

void slab_show_all(void)
{
	struct kmem_cache_stats s;
	struct kmem_cache *c;
	unsigned long flags;

	pr_info("slabinfo: %-16s %7s %5s %5s %5s %8s %8s %6s %6s %9s %9s\n", "name", "objsize",
		"size", "align", "order", "active", "total", "slabs", "pages", "allocs", "frees");
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry (c, &slab_caches, list) {
		kmem_cache_get_stats(c, &s);
		pr_info("slabinfo: %-16s %7zu %5zu %5zu %5u %8lu %8lu %6lu %6lu %9lu %9lu\n",
			s.name, s.object_size, c->size, c->align, c->order, s.active_objs,
			s.total_objs, s.slabs, s.pages, s.allocs, s.frees);
	}
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	pr_info("slabinfo: kmalloc-large: %lu blocks, %lu pages\n",
		__atomic_load_n(&kmalloc_large_blocks, __ATOMIC_RELAXED),
		__atomic_load_n(&kmalloc_large_pages, __ATOMIC_RELAXED));
}

unsigned long slab_total_pages(void)
{
	struct kmem_cache *c;
	unsigned long flags, pages = 0;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry (c, &slab_caches, list)
		pages += READ_ONCE(c->nr_slabs) << c->order;
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return pages;
}

unsigned long slab_total_objects(void)
{
	struct kmem_cache *c;
	unsigned long flags, objs = 0;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry (c, &slab_caches, list)
		objs += READ_ONCE(c->nr_active);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return objs;
}
