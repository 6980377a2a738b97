/* SPDX-License-Identifier: MIT */
/*
 * Tests of the slab allocator and kmalloc: layout and alignment, reuse and accounting, the
 * kmalloc size classes, leaks, every debug report (each provoked on purpose, and each must raise
 * slab_debug_errors() by exactly one and leave its line in the log), use with interrupts
 * disabled, from a softirq and from every CPU at once, and running the page allocator dry.
 *
 * Every case frees what it allocates and destroys its caches, and the accounting cases check that
 * nr_free_pages() comes back to exactly where it was.
 */
#include "kernel/mm/slab.h"

#include <asm/cpu.h>

#include "kernel/ktest/ktest.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"
#include "lib/printf.h"
#include "lib/string.h"

#define MAX_OBJS 256

static void *objs[MAX_OBJS];
static char log[8192];

static bool aligned(const void *p, size_t align)
{
	return (uintptr_t)p % align == 0;
}

/* Does the newest part of the log contain "object <obj>: <what>"? */
static bool log_reports(const void *obj, const char *what)
{
	char needle[200];

	snprintf(needle, sizeof(needle), "object %p: %s", obj, what);
	log_buf_copy(log, sizeof(log));
	return strstr(log, needle) != NULL;
}

/* The call just made reported exactly one problem with obj, and the log says `what`. */
#define KT_EXPECT_REPORT(t, errors_before, obj, what)                                              \
	do {                                                                                       \
		KT_EXPECT_EQ(t, slab_debug_errors() - (errors_before), 1);                         \
		KT_EXPECT_TRUE(t, log_reports(obj, what));                                         \
	} while (0)

static struct kmem_cache_stats stats_of(struct kmem_cache *c)
{
	struct kmem_cache_stats s;

	kmem_cache_get_stats(c, &s);
	return s;
}

/* The first byte of [p, p + n) that is not `byte`, as an offset; n if there is none. */
static size_t first_not(const void *p, u8 byte, size_t n)
{
	const u8 *b = p;
	size_t i = 0;

	while (i < n && b[i] == byte)
		i++;
	return i;
}

/* ---- Layout --------------------------------------------------------------------------------- */

struct cache_shape {
	size_t size, align;
	unsigned int flags;
	size_t expect_align; /* what slab.h promises for this shape */
};

static const struct cache_shape shapes[] = {
	{ 1, 0, 0, 8 },
	{ 7, 0, 0, 8 },
	{ 8, 8, 0, 8 },
	{ 13, 16, 0, 16 },
	{ 24, 0, SLAB_HWCACHE_ALIGN, 32 },
	{ 40, 32, 0, 32 },
	{ 64, 64, 0, 64 },
	{ 100, 0, SLAB_HWCACHE_ALIGN, 64 },
	{ 100, 4, 0, 8 },
	{ 200, 128, SLAB_HWCACHE_ALIGN, 128 },
	{ 500, 0, 0, 8 },
	{ 1000, 256, 0, 256 },
	{ 3000, 0, SLAB_HWCACHE_ALIGN, 64 },
	{ 4096, 4096, 0, 4096 },
	{ 6000, 0, 0, 8 },
	{ 20000, 16, 0, 16 },
};

/*
 * Fill every object of a cache with its own byte, then check all of them: an object that
 * overlapped another (or the allocator's own metadata) would show the other's byte, or make the
 * debug checks report.
 */
static void check_shape(struct ktest *t, const struct cache_shape *sh, unsigned int idx)
{
	struct kmem_cache *c =
	    kmem_cache_create("test-shape", sh->size, sh->align, sh->flags, NULL);
	unsigned int n = sh->size > 4096 ? 12 : 64;

	KT_ASSERT_NOT_NULL(t, c);
	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, objs[i]);
		KT_EXPECT_TRUE(t, aligned(objs[i], sh->expect_align));
		memset(objs[i], (u8)(idx * 16 + i + 1), sh->size);
	}
	for (unsigned int i = 0; i < n; i++)
		KT_EXPECT_EQ(t, first_not(objs[i], (u8)(idx * 16 + i + 1), sh->size), sh->size);
	KT_EXPECT_EQ(t, stats_of(c).active_objs, n);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	KT_EXPECT_EQ(t, stats_of(c).slabs, 0);
	kmem_cache_destroy(c);
}

static void objects_are_aligned_and_disjoint(struct ktest *t)
{
	unsigned long errors = slab_debug_errors();

	for (unsigned int i = 0; i < ARRAY_SIZE(shapes); i++)
		check_shape(t, &shapes[i], i);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
}

static void create_rejects_bad_arguments(struct ktest *t)
{
	unsigned long free = nr_free_pages();

	KT_EXPECT_NULL(t, kmem_cache_create(NULL, 64, 0, 0, NULL));
	KT_EXPECT_NULL(t, kmem_cache_create("test-bad", 0, 0, 0, NULL));
	KT_EXPECT_NULL(t, kmem_cache_create("test-bad", 64, 24, 0, NULL));
	KT_EXPECT_NULL(t, kmem_cache_create("test-bad", 64, 2 * PAGE_SIZE, 0, NULL));
	KT_EXPECT_NULL(
	    t, kmem_cache_create("test-bad", (PAGE_SIZE << SLAB_MAX_ORDER) + 1, 0, 0, NULL));
	KT_EXPECT_NULL(t, kmem_cache_create("test-bad", 64, 0, 1u << 31, NULL));
	KT_EXPECT_EQ(t, nr_free_pages(), free);
}

/* ---- Constructors --------------------------------------------------------------------------- */

#define CTOR_MAGIC 0xc0ffee5eedull

static unsigned long ctor_calls;

static void count_ctor(void *obj)
{
	ctor_calls++;
	for (unsigned int i = 0; i < 4; i++)
		((u64 *)obj)[i] = CTOR_MAGIC + i;
}

static bool constructed(const void *obj)
{
	for (unsigned int i = 0; i < 4; i++)
		if (((const u64 *)obj)[i] != CTOR_MAGIC + i)
			return false;
	return true;
}

/*
 * The constructor runs once per object, when its slab is made, and an object keeps its
 * constructed state across free and allocation: the free list must not live inside it.
 */
static void ctor_runs_once_per_object(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-ctor", 32, 0, 0, count_ctor);
	unsigned int n = 100;

	KT_ASSERT_NOT_NULL(t, c);
	ctor_calls = 0;
	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, objs[i]);
		KT_EXPECT_TRUE(t, constructed(objs[i]));
	}
	KT_EXPECT_EQ(t, ctor_calls, stats_of(c).total_objs);
	KT_EXPECT_GE(t, ctor_calls, n);
	/* Free every other object (no slab empties), then allocate as many again. */
	for (unsigned int i = 1; i < n; i += 2)
		kmem_cache_free(c, objs[i]);
	ctor_calls = 0;
	for (unsigned int i = 1; i < n; i += 2) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, objs[i]);
		KT_EXPECT_TRUE(t, constructed(objs[i]));
	}
	KT_EXPECT_EQ(t, ctor_calls, 0);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
}

/* ---- Reuse and accounting ------------------------------------------------------------------- */

/* The free list is a stack: the object freed last is the next one handed out. */
static void freed_object_is_reused_first(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-reuse", 100, 0, 0, NULL);
	void *a, *b, *x;

	KT_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, a);
	KT_ASSERT_NOT_NULL(t, b);
	KT_EXPECT_NE(t, a, b);
	kmem_cache_free(c, a);
	x = kmem_cache_alloc(c, GFP_KERNEL);
	KT_EXPECT_EQ(t, x, a);
	kmem_cache_free(c, b);
	kmem_cache_free(c, x);
	x = kmem_cache_alloc(c, GFP_KERNEL); /* the slab was given back: a new one, same layout */
	KT_EXPECT_EQ(t, stats_of(c).slabs, 1);
	kmem_cache_free(c, x);
	kmem_cache_destroy(c);
}

/*
 * A cache grows by whole slabs as objects are allocated and gives each slab back as soon as its
 * last object is freed; the statistics and the page counts follow exactly.
 */
static void stats_count_objects_slabs_and_pages(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), slab0 = slab_total_pages(), free1, slab1;
	struct kmem_cache *c = kmem_cache_create("test-stats", 200, 0, 0, NULL);
	struct kmem_cache_stats s;
	unsigned long per, pps, n;

	KT_ASSERT_NOT_NULL(t, c);
	free1 = nr_free_pages(); /* the cache's own struct may have taken a page */
	slab1 = slab_total_pages();
	s = stats_of(c);
	KT_EXPECT_STREQ(t, s.name, "test-stats");
	KT_EXPECT_EQ(t, s.object_size, 200);
	KT_EXPECT_EQ(t, s.slabs + s.pages + s.active_objs + s.total_objs, 0);

	objs[0] = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, objs[0]);
	s = stats_of(c);
	per = s.total_objs;
	pps = s.pages;
	KT_EXPECT_EQ(t, s.slabs, 1);
	KT_EXPECT_EQ(t, s.active_objs, 1);
	KT_ASSERT_GT(t, per, 1);
	KT_EXPECT_EQ(t, free1 - nr_free_pages(), pps);

	n = 3 * per + 1; /* four slabs, the last with one object */
	KT_ASSERT_LE(t, n, MAX_OBJS);
	for (unsigned long i = 1; i < n; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, objs[i]);
	}
	s = stats_of(c);
	KT_EXPECT_EQ(t, s.active_objs, n);
	KT_EXPECT_EQ(t, s.slabs, 4);
	KT_EXPECT_EQ(t, s.total_objs, 4 * per);
	KT_EXPECT_EQ(t, s.pages, 4 * pps);
	KT_EXPECT_EQ(t, s.allocs, n);
	KT_EXPECT_EQ(t, s.frees, 0);
	KT_EXPECT_EQ(t, free1 - nr_free_pages(), 4 * pps);
	KT_EXPECT_EQ(t, slab_total_pages() - slab1, 4 * pps);

	/* Objects come in address order, slab after slab: free all of the second slab. */
	for (unsigned long i = per; i < 2 * per; i++)
		kmem_cache_free(c, objs[i]);
	s = stats_of(c);
	KT_EXPECT_EQ(t, s.active_objs, n - per);
	KT_EXPECT_EQ(t, s.slabs, 3);
	KT_EXPECT_EQ(t, s.pages, 3 * pps);
	KT_EXPECT_EQ(t, free1 - nr_free_pages(), 3 * pps);

	for (unsigned long i = 0; i < n; i++)
		if (i < per || i >= 2 * per)
			kmem_cache_free(c, objs[i]);
	s = stats_of(c);
	KT_EXPECT_EQ(t, s.active_objs + s.slabs + s.pages + s.total_objs, 0);
	KT_EXPECT_EQ(t, s.frees, n);
	KT_EXPECT_EQ(t, nr_free_pages(), free1);
	kmem_cache_destroy(c);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
	KT_EXPECT_EQ(t, slab_total_pages(), slab0);
}

/* Create a cache, fill it, empty it, destroy it: every page comes back. */
static void destroy_returns_every_page(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), slab0 = slab_total_pages();
	struct kmem_cache *c = kmem_cache_create("test-leak", 300, 0, 0, NULL);

	KT_ASSERT_NOT_NULL(t, c);
	for (unsigned int i = 0; i < MAX_OBJS; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, objs[i]);
	}
	KT_EXPECT_LT(t, nr_free_pages(), free0);
	KT_EXPECT_GT(t, slab_total_pages(), slab0);
	/* In reverse order, so that the free lists end up in a different order. */
	for (unsigned int i = 0; i < MAX_OBJS; i++)
		kmem_cache_free(c, objs[MAX_OBJS - 1 - i]);
	kmem_cache_destroy(c);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
	KT_EXPECT_EQ(t, slab_total_pages(), slab0);

	/* The caches themselves are objects (of the cache of caches) and come back too. */
	for (unsigned int i = 0; i < MAX_OBJS; i++) {
		objs[i] = kmem_cache_create("test-many", 32 + i, 0, 0, NULL);
		KT_ASSERT_NOT_NULL(t, objs[i]);
	}
	for (unsigned int i = 0; i < MAX_OBJS; i++)
		kmem_cache_destroy(objs[i]);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
	KT_EXPECT_EQ(t, slab_total_pages(), slab0);
}

/* Destroying a cache that still has objects warns and keeps the cache, which stays usable. */
static void destroy_with_live_objects_warns_and_keeps_the_cache(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), warns;
	struct kmem_cache *c = kmem_cache_create("test-live", 64, 0, 0, NULL);
	void *a, *b;

	KT_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, a);
	warns = warn_count;
	kmem_cache_destroy(c);
	KT_EXPECT_EQ(t, warn_count - warns, 1);
	log_buf_copy(log, sizeof(log));
	KT_EXPECT_NOT_NULL(t,
			   strstr(log, "kmem_cache_destroy(test-live): 1 objects still allocated"));
	KT_EXPECT_EQ(t, stats_of(c).active_objs, 1);
	KT_EXPECT_EQ(t, stats_of(c).slabs, 1);

	b = kmem_cache_alloc(c, GFP_KERNEL);
	KT_EXPECT_NOT_NULL(t, b);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	warns = warn_count;
	kmem_cache_destroy(c);
	KT_EXPECT_EQ(t, warn_count, warns);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
}

/*
 * In a slab of several pages, objects on its later pages free as well as those on the first:
 * every page of the slab leads back to the cache and to the slab's first page.
 */
static void objects_on_every_page_of_a_big_slab_can_be_freed(struct ktest *t)
{
	unsigned long errors = slab_debug_errors(), free0, slab0;
	struct kmem_cache *c = kmem_cache_create("test-big", 6000, 0, 0, NULL);
	struct kmem_cache_stats s;
	unsigned int pages_seen = 0;

	KT_ASSERT_NOT_NULL(t, c);
	free0 = nr_free_pages();
	slab0 = slab_total_pages();
	objs[0] = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, objs[0]);
	s = stats_of(c);
	KT_ASSERT_GT(t, s.pages, 1);
	KT_EXPECT_EQ(t, free0 - nr_free_pages(), s.pages);
	KT_EXPECT_EQ(t, slab_total_pages() - slab0, s.pages);
	/* A slab of order 3 holds 5 objects: 8% lost, where order 1 would lose 27%. */
	KT_EXPECT_EQ(t, s.pages, 8);
	KT_EXPECT_EQ(t, s.total_objs, 5);
	for (unsigned long i = 1; i < s.total_objs; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, objs[i]);
		if (virt_to_page(objs[i]) != virt_to_page(objs[i - 1]))
			pages_seen++;
	}
	KT_EXPECT_EQ(t, stats_of(c).slabs, 1);
	KT_EXPECT_GT(t, pages_seen, 1);
	/* Both ways of freeing: through the cache, and kfree(), which finds the cache itself. */
	for (unsigned long i = 0; i < s.total_objs; i++) {
		if (i % 2)
			kfree(objs[i]);
		else
			kmem_cache_free(c, objs[i]);
	}
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	KT_EXPECT_EQ(t, stats_of(c).active_objs, 0);
	KT_EXPECT_EQ(t, stats_of(c).slabs, 0);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
	kmem_cache_destroy(c);
}

/* ---- kmalloc -------------------------------------------------------------------------------- */

static size_t size_class(size_t size)
{
	size_t class = KMALLOC_MIN_SIZE;

	while (class < size)
		class *= 2;
	return class;
}

/*
 * Every size up to the largest class gets the smallest class that fits, aligned to
 * min(class, 64), and may use all of it (ksize() bytes) without tripping a red zone.
 */
static void kmalloc_gives_the_smallest_class_that_fits(struct ktest *t)
{
	unsigned long errors = slab_debug_errors();

	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		size_t class = size_class(size);
		u8 *p = kmalloc(size, GFP_KERNEL);

		KT_ASSERT_NOT_NULL(t, p);
		if (ksize(p) != class || !aligned(p, min(class, (size_t)64))) {
			KT_EXPECT_EQ(t, size, 0); /* says which size went wrong */
			KT_EXPECT_EQ(t, ksize(p), class);
			KT_EXPECT_TRUE(t, aligned(p, min(class, (size_t)64)));
			kfree(p);
			break;
		}
		memset(p, 0x5a, ksize(p));
		kfree(p);
	}
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
}

/* Above the largest class, kmalloc() takes whole blocks from the page allocator. */
static void large_kmalloc_comes_from_the_page_allocator(struct ktest *t)
{
	/* Just above the largest class, odd sizes, powers of two, and the largest block. */
	static const size_t sizes[] = { 4097, 8192, 8193, 100000, 1ul << 20, KMALLOC_MAX_SIZE };
	unsigned long slab0 = slab_total_pages();

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned long free0 = nr_free_pages();
		unsigned int order = 0;
		u8 *p;

		while ((PAGE_SIZE << order) < sizes[i])
			order++;
		p = kmalloc(sizes[i], GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, p);
		KT_EXPECT_EQ(t, free0 - nr_free_pages(), 1ul << order);
		KT_EXPECT_TRUE(t, aligned(p, PAGE_SIZE));
		KT_EXPECT_EQ(t, ksize(p), PAGE_SIZE << order);
		KT_EXPECT_FALSE(t, virt_to_page(p)->flags & PG_slab);
		KT_EXPECT_EQ(t, slab_total_pages(), slab0);
		p[0] = 1;
		p[sizes[i] - 1] = 1;
		kfree(p);
		KT_EXPECT_EQ(t, nr_free_pages(), free0);
	}
	KT_EXPECT_NULL(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
}

static void kmalloc_zero_is_null_and_kfree_null_is_a_noop(struct ktest *t)
{
	unsigned long errors = slab_debug_errors();

	KT_EXPECT_NULL(t, kmalloc(0, GFP_KERNEL));
	KT_EXPECT_NULL(t, kzalloc(0, GFP_KERNEL));
	kfree(NULL);
	KT_EXPECT_EQ(t, ksize(NULL), 0);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
}

/* kzalloc() and kmem_cache_zalloc() zero an object even when it was dirty before. */
static void zalloc_zeroes_reused_objects(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-zalloc", 72, 0, 0, NULL);
	u8 *keep = kmalloc(100, GFP_KERNEL), *p, *q, *big;

	KT_ASSERT_NOT_NULL(t, c);
	KT_ASSERT_NOT_NULL(t, keep); /* keeps the slab, so the next object is reused */
	p = kmalloc(100, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, p);
	memset(p, 0xff, ksize(p));
	kfree(p);
	q = kzalloc(100, GFP_KERNEL);
	KT_EXPECT_EQ(t, q, p);
	KT_EXPECT_EQ(t, first_not(q, 0, ksize(q)), ksize(q));
	kfree(q);
	kfree(keep);

	keep = kmem_cache_alloc(c, GFP_KERNEL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, p);
	memset(p, 0xff, 72);
	kmem_cache_free(c, p);
	q = kmem_cache_zalloc(c, GFP_KERNEL);
	KT_EXPECT_EQ(t, q, p);
	KT_EXPECT_EQ(t, first_not(q, 0, 72), 72);
	kmem_cache_free(c, q);
	kmem_cache_free(c, keep);
	kmem_cache_destroy(c);

	big = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, big);
	memset(big, 0xff, 3 * PAGE_SIZE);
	kfree(big);
	big = kzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, big);
	KT_EXPECT_EQ(t, first_not(big, 0, ksize(big)), ksize(big));
	kfree(big);
}

/* ---- Debug reports -------------------------------------------------------------------------- */

static struct kmem_cache *debug_cache(struct ktest *t, const char *name, size_t size)
{
	struct kmem_cache *c;

	if (!CONFIG_SLAB_DEBUG)
		KT_SKIP(t, "needs CONFIG_SLAB_DEBUG (built with DEBUG=0)");
	c = kmem_cache_create(name, size, 0, 0, NULL);
	KT_ASSERT_NOT_NULL(t, c);
	return c;
}

/* A byte written into a freed object is found when the object is handed out again. */
static void write_after_free_is_reported(struct ktest *t)
{
	struct kmem_cache *c = debug_cache(t, "test-uaf", 64);
	u8 *keep = kmem_cache_alloc(c, GFP_KERNEL), *a = kmem_cache_alloc(c, GFP_KERNEL), *b;
	unsigned long errors;

	KT_ASSERT_NOT_NULL(t, a);
	kmem_cache_free(c, a);
	WRITE_ONCE(a[10], 0x42);
	errors = slab_debug_errors();
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KT_EXPECT_EQ(t, b, a);
	KT_EXPECT_REPORT(t, errors, a, "poison overwritten at offset 10 (byte 0x42)");
	errors = slab_debug_errors();
	kmem_cache_free(c, b);
	kmem_cache_free(c, keep);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	kmem_cache_destroy(c);
}

/*
 * Write one byte at a[offset], just outside an object of `size` bytes, and free a: the damage is
 * reported once and the object freed anyway, with its red zones repaired: allocated and freed
 * again (a second object keeps the slab, so the same object comes back), it frees cleanly.
 */
static void check_red_zone(struct ktest *t, size_t size, long offset, const char *what)
{
	struct kmem_cache *c = kmem_cache_create("test-redzone", size, 0, 0, NULL);
	unsigned long errors;
	u8 *keep, *a, *b;

	KT_ASSERT_NOT_NULL(t, c);
	keep = kmem_cache_alloc(c, GFP_KERNEL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, a);
	WRITE_ONCE(a[offset], 0x77);
	errors = slab_debug_errors();
	kmem_cache_free(c, a);
	KT_EXPECT_REPORT(t, errors, a, what);
	KT_EXPECT_EQ(t, stats_of(c).active_objs, 1); /* a was freed, keep is left */

	errors = slab_debug_errors();
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KT_EXPECT_EQ(t, b, a);
	kmem_cache_free(c, b);
	kmem_cache_free(c, keep);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	kmem_cache_destroy(c);
}

static void overflow_into_right_red_zone_is_reported(struct ktest *t)
{
	if (!CONFIG_SLAB_DEBUG)
		KT_SKIP(t, "needs CONFIG_SLAB_DEBUG (built with DEBUG=0)");
	/* Into the padding of an odd-sized object, and past one that needs no padding. */
	check_red_zone(t, 50, 50,
		       "red zone after the object overwritten at offset +50 (byte 0x77)");
	check_red_zone(t, 64, 64,
		       "red zone after the object overwritten at offset +64 (byte 0x77)");
}

static void underflow_into_left_red_zone_is_reported(struct ktest *t)
{
	if (!CONFIG_SLAB_DEBUG)
		KT_SKIP(t, "needs CONFIG_SLAB_DEBUG (built with DEBUG=0)");
	check_red_zone(t, 64, -1,
		       "red zone before the object overwritten at offset -1 (byte 0x77)");
}

/* The second free of an object is refused: the object is not handed out twice afterwards. */
static void double_free_is_reported_and_refused(struct ktest *t)
{
	struct kmem_cache *c = debug_cache(t, "test-double", 64);
	void *a = kmem_cache_alloc(c, GFP_KERNEL), *b = kmem_cache_alloc(c, GFP_KERNEL), *x, *y;
	unsigned long errors;

	KT_ASSERT_NOT_NULL(t, b);
	kmem_cache_free(c, a);
	errors = slab_debug_errors();
	kmem_cache_free(c, a);
	KT_EXPECT_REPORT(t, errors, a, "double free");
	KT_EXPECT_EQ(t, stats_of(c).active_objs, 1);
	KT_EXPECT_EQ(t, stats_of(c).frees, 1);

	x = kmem_cache_alloc(c, GFP_KERNEL);
	y = kmem_cache_alloc(c, GFP_KERNEL);
	KT_EXPECT_EQ(t, x, a);
	KT_EXPECT_NE(t, y, a);
	KT_EXPECT_NE(t, y, b);
	kmem_cache_free(c, x);
	kmem_cache_free(c, y);
	kmem_cache_free(c, b);
	KT_EXPECT_EQ(t, slab_debug_errors() - errors, 1);
	kmem_cache_destroy(c);
}

/*
 * An overflow past the red zone reaches the object's metadata (slab.c: it follows the right red
 * zone, 8 bytes past the end of a 64-byte object): the free is refused, since the allocator can
 * no longer tell a live object from a free one. Putting the bytes back makes the free work.
 */
static void overwritten_metadata_refuses_the_free(struct ktest *t)
{
	struct kmem_cache *c = debug_cache(t, "test-meta", 64);
	u8 *a = kmem_cache_alloc(c, GFP_KERNEL), saved[24];
	unsigned long errors;

	KT_ASSERT_NOT_NULL(t, a);
	memcpy(saved, a + 64, sizeof(saved));
	memset(a + 64, 0, sizeof(saved));
	errors = slab_debug_errors();
	kmem_cache_free(c, a);
	KT_EXPECT_REPORT(t, errors, a, "metadata after the object overwritten (state 0)");
	KT_EXPECT_EQ(t, stats_of(c).active_objs, 1);

	memcpy(a + 64, saved, sizeof(saved));
	errors = slab_debug_errors();
	kmem_cache_free(c, a);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	KT_EXPECT_EQ(t, stats_of(c).active_objs, 0);
	kmem_cache_destroy(c);
}

/*
 * A free object whose metadata was overwritten is not handed out, and its broken link is not
 * followed: the allocator drops that slab's free list and carries on from a new slab.
 */
static void corrupted_free_list_is_dropped_not_followed(struct ktest *t)
{
	struct kmem_cache *c = debug_cache(t, "test-freelist", 64);
	unsigned long free0 = nr_free_pages(), errors;
	u8 *a = kmem_cache_alloc(c, GFP_KERNEL), *b = kmem_cache_alloc(c, GFP_KERNEL), *x;

	KT_ASSERT_NOT_NULL(t, b);
	kmem_cache_free(c, b);
	memset(b + 64 + 8, 0, 16); /* past the right red zone: the link and the state */
	errors = slab_debug_errors();
	x = kmem_cache_alloc(c, GFP_KERNEL);
	KT_EXPECT_REPORT(t, errors, b, "free list corrupted (state 0, next 0x0000000000000000)");
	KT_ASSERT_NOT_NULL(t, x);
	KT_EXPECT_NE(t, x, b);
	KT_EXPECT_EQ(t, stats_of(c).slabs, 2);
	kmem_cache_free(c, x);
	kmem_cache_free(c, a); /* the damaged slab empties and goes back with b in it */
	KT_EXPECT_EQ(t, slab_debug_errors() - errors, 1);
	KT_EXPECT_EQ(t, stats_of(c).slabs, 0);
	kmem_cache_destroy(c);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
}

/* ---- Foreign pointers (checked in every build) ---------------------------------------------- */

/* Frees of things that are not objects of the cache are refused, and nothing changes. */
static void free_of_a_foreign_pointer_is_refused(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-foreign", 64, 0, 0, NULL);
	struct kmem_cache *other = kmem_cache_create("test-other", 64, 0, 0, NULL);
	unsigned long errors;
	u8 *a, *o, *p;
	int local;

	KT_ASSERT_NOT_NULL(t, c);
	KT_ASSERT_NOT_NULL(t, other);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	o = kmem_cache_alloc(other, GFP_KERNEL);
	p = (u8 *)__get_free_pages(GFP_KERNEL, 0);
	KT_ASSERT_NOT_NULL(t, p);

	errors = slab_debug_errors();
	kmem_cache_free(c, &local);
	KT_EXPECT_REPORT(t, errors, &local, "not a slab object");
	errors = slab_debug_errors();
	kmem_cache_free(c, a + 8);
	KT_EXPECT_REPORT(t, errors, a + 8, "not the start of an object (slot 0 + ");
	errors = slab_debug_errors();
	kmem_cache_free(c, o);
	KT_EXPECT_REPORT(t, errors, o, "belongs to cache test-other: free refused");
	errors = slab_debug_errors();
	kmem_cache_free(c, p);
	KT_EXPECT_REPORT(t, errors, p, "not a slab object (its page is not a slab)");
	errors = slab_debug_errors();
	kfree(p);
	KT_EXPECT_REPORT(t, errors, p, "not allocated by kmalloc");
	errors = slab_debug_errors();
	kfree(&local);
	KT_EXPECT_REPORT(t, errors, &local, "not a");

	KT_EXPECT_EQ(t, stats_of(c).active_objs, 1);
	KT_EXPECT_EQ(t, stats_of(c).frees, 0);
	KT_EXPECT_EQ(t, stats_of(other).active_objs, 1);
	free_pages(p, 0);
	errors = slab_debug_errors();
	kmem_cache_free(c, a);
	kmem_cache_free(other, o);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	kmem_cache_destroy(c);
	kmem_cache_destroy(other);
}

/* kfree() of a large block checks that it is one: its start, and still allocated. */
static void kfree_of_a_bad_large_pointer_is_refused(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), errors;
	u8 *p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, p);
	errors = slab_debug_errors();
	kfree(p + PAGE_SIZE);
	KT_EXPECT_REPORT(t, errors, p + PAGE_SIZE, "not allocated by kmalloc");
	errors = slab_debug_errors();
	kfree(p + 16);
	KT_EXPECT_REPORT(t, errors, p + 16, "not allocated by kmalloc");
	KT_EXPECT_EQ(t, free0 - nr_free_pages(), 4);

	errors = slab_debug_errors();
	kfree(p);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
	kfree(p); /* the block is free now */
	KT_EXPECT_REPORT(t, errors, p, "not allocated by kmalloc");
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
}

/* ---- Context and exhaustion ----------------------------------------------------------------- */

/* Allocating, growing, shrinking and freeing all work with interrupts off, and leave them off. */
static void alloc_and_free_work_with_irqs_disabled(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), flags = local_irq_save();
	struct kmem_cache *c = kmem_cache_create("test-irq", 128, 0, 0, NULL);
	void *small, *big;

	KT_ASSERT_NOT_NULL(t, c);
	for (unsigned int i = 0; i < MAX_OBJS; i++) /* several slabs */
		objs[i] = kmem_cache_alloc(c, GFP_ATOMIC);
	small = kmalloc(100, GFP_ATOMIC);
	big = kmalloc(5 * PAGE_SIZE, GFP_ATOMIC);
	KT_EXPECT_TRUE(t, irqs_disabled());
	for (unsigned int i = 0; i < MAX_OBJS; i++) {
		KT_EXPECT_NOT_NULL(t, objs[i]);
		kmem_cache_free(c, objs[i]);
	}
	KT_EXPECT_NOT_NULL(t, small);
	KT_EXPECT_NOT_NULL(t, big);
	kfree(small);
	kfree(big);
	KT_EXPECT_EQ(t, stats_of(c).slabs, 0);
	kmem_cache_destroy(c);
	KT_EXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(flags);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
}

static struct kmem_cache *softirq_cache;
static struct timer_list softirq_timer;
static unsigned long softirq_rounds, softirq_failures;
static bool softirq_stop;

/* TIMER softirq: allocate and free from the cache the task is using, then re-arm. */
static void slab_timer_fn(struct timer_list *timer)
{
	void *a = kmem_cache_alloc(softirq_cache, GFP_ATOMIC), *b = kmalloc(200, GFP_ATOMIC);

	if (!a || !b)
		softirq_failures++;
	kmem_cache_free(softirq_cache, a);
	kfree(b);
	WRITE_ONCE(softirq_rounds, softirq_rounds + 1);
	if (!READ_ONCE(softirq_stop))
		mod_timer(timer, jiffies + 1);
}

/*
 * A timer allocates and frees at every tick, in softirq context, from the same cache and kmalloc
 * class as the task it interrupts. If a cache lock were taken with interrupts on, a tick arriving
 * while the task holds it would spin on it forever.
 */
static void softirq_and_task_share_a_cache(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), errors = slab_debug_errors(), end;

	softirq_cache = kmem_cache_create("test-softirq", 96, 0, 0, NULL);
	KT_ASSERT_NOT_NULL(t, softirq_cache);
	softirq_rounds = softirq_failures = 0;
	softirq_stop = false;
	timer_setup(&softirq_timer, slab_timer_fn);
	mod_timer(&softirq_timer, jiffies + 1);
	end = jiffies + msecs_to_jiffies(200);
	while (time_after(end, jiffies)) {
		for (unsigned int i = 0; i < 32; i++)
			objs[i] = kmem_cache_alloc(softirq_cache, GFP_KERNEL);
		objs[32] = kmalloc(200, GFP_KERNEL);
		for (unsigned int i = 0; i <= 32; i++) {
			KT_ASSERT_NOT_NULL(t, objs[i]);
			kfree(objs[i]);
		}
	}
	WRITE_ONCE(softirq_stop, true);
	del_timer_sync(&softirq_timer);
	KT_EXPECT_GT(t, softirq_rounds, 10);
	KT_EXPECT_EQ(t, softirq_failures, 0);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	KT_EXPECT_EQ(t, stats_of(softirq_cache).slabs, 0);
	kmem_cache_destroy(softirq_cache);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
}

#define STRESS_MIN_ROUNDS 20
#define STRESS_MAX_ROUNDS 2000
#define STRESS_MS	  300 /* or until then: a fair lock is slow when QEMU has fewer host CPUs */
#define STRESS_HELD	  16

static struct kmem_cache *stress_cache;
static unsigned long stress_end; /* in jiffies */
static unsigned long stress_rounds;
static int stress_finished, stress_bad; /* atomic */

/*
 * Runs on every CPU at once (on the others in their IPI handler): allocate a handful of objects,
 * stamp each with this CPU and round, check the stamps, free them. An object handed to two CPUs
 * at once shows up as a stamp that changed under its owner.
 */
static void slab_stress(void *info)
{
	u64 stamp_base = (u64)smp_processor_id() << 32, r;
	u64 *held[STRESS_HELD];

	for (r = 0;
	     r < STRESS_MIN_ROUNDS || (r < STRESS_MAX_ROUNDS && time_after(stress_end, jiffies));
	     r++) {
		for (unsigned int i = 0; i < STRESS_HELD; i++) {
			held[i] = i % 4 ? kmem_cache_alloc(stress_cache, GFP_ATOMIC)
					: kmalloc(48, GFP_ATOMIC);
			if (held[i])
				WRITE_ONCE(*held[i], stamp_base | r << 8 | i);
		}
		for (unsigned int i = 0; i < STRESS_HELD; i++) {
			if (!held[i] || READ_ONCE(*held[i]) != (stamp_base | r << 8 | i))
				__atomic_add_fetch(&stress_bad, 1, __ATOMIC_RELAXED);
			kfree(held[i]);
		}
	}
	__atomic_add_fetch(&stress_rounds, r, __ATOMIC_RELAXED);
	__atomic_add_fetch(&stress_finished, 1, __ATOMIC_SEQ_CST);
}

/* Every CPU allocates and frees from one cache and one kmalloc class at the same time. */
static void all_cpus_share_a_cache(struct ktest *t)
{
	unsigned long errors = slab_debug_errors(), free0 = nr_free_pages();
	unsigned int n = num_online_cpus();

	if (n < 2)
		KT_SKIP(t, "needs at least 2 CPUs");
	stress_cache = kmem_cache_create("test-smp", 40, 0, 0, NULL);
	KT_ASSERT_NOT_NULL(t, stress_cache);
	stress_finished = stress_bad = 0;
	stress_rounds = 0;
	stress_end = jiffies + msecs_to_jiffies(STRESS_MS);
	smp_call_function(slab_stress, NULL, false); /* the others start ... */
	slab_stress(NULL);			     /* ... and so does this one */
	while (__atomic_load_n(&stress_finished, __ATOMIC_SEQ_CST) < (int)n)
		cpu_relax();
	KT_EXPECT_GE(t, stress_rounds, n * STRESS_MIN_ROUNDS);
	KT_EXPECT_EQ(t, stress_bad, 0);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
	KT_EXPECT_EQ(t, stats_of(stress_cache).allocs, stress_rounds * 12);
	KT_EXPECT_EQ(t, stats_of(stress_cache).active_objs, 0);
	KT_EXPECT_EQ(t, stats_of(stress_cache).slabs, 0);
	kmem_cache_destroy(stress_cache);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
}

static void exhaust_ctor(void *obj)
{
	/* Only there so the cache is not poisoned: poisoning all of memory is slow under TCG. */
}

/*
 * Allocate until the page allocator has nothing left for a normal allocation: kmem_cache_alloc()
 * returns NULL (quietly, with __GFP_NOWARN), and freeing everything gives every page back.
 */
static void exhausting_memory_returns_null_and_recovers(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-exhaust", 4000, 0, 0, exhaust_ctor);
	unsigned long free0, slab0, n = 0;
	void *head = NULL, *obj;

	KT_ASSERT_NOT_NULL(t, c);
	free0 = nr_free_pages();
	slab0 = slab_total_pages();
	/* Chain the objects through their first word: no memory is left for a list. */
	while ((obj = kmem_cache_alloc(c, GFP_KERNEL | __GFP_NOWARN))) {
		*(void **)obj = head;
		head = obj;
		n++;
	}
	KT_EXPECT_NULL(t, kmem_cache_alloc(c, GFP_KERNEL | __GFP_NOWARN));
	KT_EXPECT_GT(t, n, 0);
	KT_EXPECT_EQ(t, stats_of(c).active_objs, n);
	KT_EXPECT_EQ(t, free0 - nr_free_pages(), stats_of(c).pages);
	KT_EXPECT_LT(t, nr_free_pages(), free0 / 16); /* only the atomic reserve is left */

	while (head) {
		obj = head;
		head = *(void **)obj;
		kmem_cache_free(c, obj);
	}
	KT_EXPECT_EQ(t, stats_of(c).slabs, 0);
	KT_EXPECT_EQ(t, nr_free_pages(), free0);
	KT_EXPECT_EQ(t, slab_total_pages(), slab0);
	kmem_cache_destroy(c);
}

/* slab_show_all() prints a line for every cache, the kmalloc caches and the cache of caches too. */
static void slab_show_all_lists_every_cache(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-slabinfo", 72, 0, 0, NULL);
	void *a;

	KT_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	slab_show_all();
	log_buf_copy(log, sizeof(log));
	KT_EXPECT_NOT_NULL(t, strstr(log, "slabinfo: test-slabinfo "));
	KT_EXPECT_NOT_NULL(t, strstr(log, "slabinfo: kmem_cache "));
	KT_EXPECT_NOT_NULL(t, strstr(log, "slabinfo: kmalloc-8 "));
	KT_EXPECT_NOT_NULL(t, strstr(log, "slabinfo: kmalloc-4096 "));
	kmem_cache_free(c, a);
	kmem_cache_destroy(c);
}

static const struct ktest_case slab_cases[] = {
	KTEST_CASE(create_rejects_bad_arguments),
	KTEST_CASE(objects_are_aligned_and_disjoint),
	KTEST_CASE(ctor_runs_once_per_object),
	KTEST_CASE(freed_object_is_reused_first),
	KTEST_CASE(stats_count_objects_slabs_and_pages),
	KTEST_CASE(destroy_returns_every_page),
	KTEST_CASE(destroy_with_live_objects_warns_and_keeps_the_cache),
	KTEST_CASE(objects_on_every_page_of_a_big_slab_can_be_freed),
	KTEST_CASE(kmalloc_gives_the_smallest_class_that_fits),
	KTEST_CASE(large_kmalloc_comes_from_the_page_allocator),
	KTEST_CASE(kmalloc_zero_is_null_and_kfree_null_is_a_noop),
	KTEST_CASE(zalloc_zeroes_reused_objects),
	KTEST_CASE(write_after_free_is_reported),
	KTEST_CASE(overflow_into_right_red_zone_is_reported),
	KTEST_CASE(underflow_into_left_red_zone_is_reported),
	KTEST_CASE(double_free_is_reported_and_refused),
	KTEST_CASE(overwritten_metadata_refuses_the_free),
	KTEST_CASE(corrupted_free_list_is_dropped_not_followed),
	KTEST_CASE(free_of_a_foreign_pointer_is_refused),
	KTEST_CASE(kfree_of_a_bad_large_pointer_is_refused),
	KTEST_CASE(alloc_and_free_work_with_irqs_disabled),
	KTEST_CASE(softirq_and_task_share_a_cache),
	KTEST_CASE(all_cpus_share_a_cache),
	KTEST_CASE(exhausting_memory_returns_null_and_recovers),
	KTEST_CASE(slab_show_all_lists_every_cache),
	{}
};
KTEST_SUITE(slab, slab_cases);
