/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator: caches of same-sized objects cut out of pages from the page allocator, and
 * kmalloc() built on a set of such caches, one per power-of-two size from 8 to 4096 bytes.
 *
 * A cache hands out objects of one size. Its memory comes in slabs: blocks of 2^order pages,
 * each cut into objects, with a free list of the objects not in use. An allocation takes the
 * first free object of a partly used slab, and only asks the page allocator for a new slab when
 * every slab is full; a slab whose last object is freed goes straight back to the page allocator,
 * so a cache holds exactly the pages its live objects need (and a leak test can count pages).
 * docs/memory.md ("The slab allocator") explains the layout.
 *
 * Every function here may be called from any context, with interrupts disabled too: a cache's
 * lock is taken with spin_lock_irqsave(), and the page allocator never sleeps.
 *
 * With CONFIG_SLAB_DEBUG (on unless the build defines it to 0), every object has red zones on
 * both sides and free objects are poisoned; frees and allocations check them, and each problem
 * found is reported (one pr_err line and a backtrace) and counted in slab_debug_errors(). A free
 * of something that is not a live object of the cache (double free, stack address, middle of an
 * object, another cache's object) is reported and refused in every build.
 */
#ifndef KERNEL_MM_SLAB_H
#define KERNEL_MM_SLAB_H

#include "kernel/mm/mm.h"
#include "lib/types.h"

#ifndef CONFIG_SLAB_DEBUG
#define CONFIG_SLAB_DEBUG 1
#endif

/* kmem_cache_create() flags */
#define SLAB_HWCACHE_ALIGN (1u << 0) /* don't let an object straddle a cache line (below) */
#define SLAB_PANIC	   (1u << 1) /* panic instead of returning NULL: caches boot needs */

/*
 * kmalloc size classes: 2^KMALLOC_SHIFT_LOW .. 2^KMALLOC_SHIFT_HIGH bytes. Larger requests (up to
 * KMALLOC_MAX_SIZE) are whole blocks from the page allocator, of order 1 or more.
 */
#define KMALLOC_SHIFT_LOW      3
#define KMALLOC_SHIFT_HIGH     12
#define KMALLOC_MIN_SIZE       (1ul << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_CACHE_SIZE (1ul << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE       (PAGE_SIZE << MAX_ORDER)

/* Objects are always aligned to at least this; kmalloc objects to min(size class, 64). */
#define SLAB_MIN_ALIGN 8

/* The largest slab is 2^SLAB_MAX_ORDER pages: an object must fit in it, with its red zones. */
#define SLAB_MAX_ORDER 3

struct kmem_cache;

/*
 * A cache of objects of `size` bytes, aligned to `align` (a power of two up to PAGE_SIZE, or 0
 * for the default; at least SLAB_MIN_ALIGN). With SLAB_HWCACHE_ALIGN the alignment is raised to
 * 64 for objects of 64 bytes or more, and to the power of two >= size for smaller ones, so no
 * object straddles a cache line. ctor, if given, runs once on each object when its slab is
 * created, not on every allocation: a freed object must be back in its constructed state.
 * `name` is not copied and must outlive the cache. Returns NULL if an argument is invalid, the
 * object does not fit in a slab of SLAB_MAX_ORDER, or memory is short.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags, void (*ctor)(void *obj));

/*
 * Give every slab back to the page allocator and free the cache. If objects are still allocated,
 * warn and keep the cache as it is (its slabs leak, but later frees of its objects stay safe).
 * NULL is a no-op; the kmalloc caches cannot be destroyed.
 */
void kmem_cache_destroy(struct kmem_cache *cache);

/*
 * An object, or NULL (no memory; a message unless __GFP_NOWARN). __GFP_ZERO zeroes it. Slabs come
 * from any zone: __GFP_DMA32 is refused with a warning (large kmalloc blocks honour it).
 */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);

/* Free an object of this cache. Anything else is reported and ignored; NULL is a no-op. */
void kmem_cache_free(struct kmem_cache *cache, void *obj);

/*
 * size bytes from the smallest size class that fits, or whole pages above
 * KMALLOC_MAX_CACHE_SIZE. kmalloc(0) returns NULL, as does a size above KMALLOC_MAX_SIZE.
 */
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);

/* Free what kmalloc() (or kmem_cache_alloc()) returned. kfree(NULL) is a no-op. */
void kfree(const void *obj);

/* The usable size of an allocated object: its size class, or the whole block. 0 for NULL. */
size_t ksize(const void *obj);

/* Create the cache of caches and the kmalloc caches. Called once by mm_init(). */
void kmem_cache_init(void);

/* ---- Accounting ----------------------------------------------------------------------------- */

struct kmem_cache_stats {
	const char *name;
	size_t object_size;	     /* as given to kmem_cache_create() */
	unsigned long active_objs;   /* objects allocated now */
	unsigned long total_objs;    /* objects in all slabs, allocated or free */
	unsigned long slabs;	     /* slabs the cache holds */
	unsigned long pages;	     /* pages in those slabs */
	unsigned long allocs, frees; /* successful allocations and frees since creation */
};

/* A consistent snapshot of one cache's accounting. */
void kmem_cache_get_stats(struct kmem_cache *cache, struct kmem_cache_stats *stats);

/* Print a table like /proc/slabinfo: one line per cache, then large kmalloc blocks. */
void slab_show_all(void);

/* Objects allocated now from all slab caches (leak checks compare it before and after). */
unsigned long slab_total_objects(void);

/* Pages held by all slab caches (not counting large kmalloc blocks). */
unsigned long slab_total_pages(void);

/* Problems the slab checks have reported since boot (bad frees, red zones, poison). */
unsigned long slab_debug_errors(void);

#endif
