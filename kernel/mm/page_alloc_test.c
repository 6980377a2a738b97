/* SPDX-License-Identifier: MIT */
/*
 * The buddy allocator, checked through its accounting: every test ends by comparing the free
 * counts (in total, per zone and per order) with a snapshot taken at its start, so a block that
 * was not merged back, or a page that went missing, fails it.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/panic/panic.h"

#define RANDOM_OPS	 3000
#define RANDOM_MAX_LIVE	 64
#define RANDOM_MAX_ORDER 5
#define RANDOM_SEED	 0x7ef011ull

static bool stats_equal(const struct page_alloc_stats *a, const struct page_alloc_stats *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static void expect_stats_restored(struct ktest *t, const struct page_alloc_stats *before)
{
	struct page_alloc_stats now;

	page_alloc_stats(&now);
	KT_EXPECT_EQ(t, now.free, before->free);
	for (int o = 0; o <= MAX_ORDER; o++)
		KT_EXPECT_EQ(t, now.nr_free[o], before->nr_free[o]);
	KT_EXPECT_TRUE(t, stats_equal(&now, before));
}

static void accounting_adds_up(struct ktest *t)
{
	struct page_alloc_stats s;
	unsigned long by_order = 0;

	page_alloc_stats(&s);
	for (int o = 0; o <= MAX_ORDER; o++)
		by_order += s.nr_free[o] << o;
	KT_EXPECT_EQ(t, by_order, s.free);
	KT_EXPECT_EQ(t, s.zone_free[ZONE_DMA32] + s.zone_free[ZONE_NORMAL], s.free);
	KT_EXPECT_EQ(t, s.zone_total[ZONE_DMA32] + s.zone_total[ZONE_NORMAL], s.total);
	KT_EXPECT_GT(t, s.free, 0);
	KT_EXPECT_LE(t, s.free, s.total);
}

static void split_and_merge_restore_counts(struct ktest *t)
{
	struct page_alloc_stats before, during;
	struct page *page;

	page_alloc_stats(&before);
	page = alloc_pages(GFP_KERNEL, 0);
	KT_ASSERT_NOT_NULL(t, page);
	page_alloc_stats(&during);
	KT_EXPECT_EQ(t, during.free, before.free - 1);
	__free_pages(page, 0);
	expect_stats_restored(t, &before);
}

static void blocks_are_aligned_and_sized(struct ktest *t)
{
	struct page_alloc_stats before;
	struct page *blocks[MAX_ORDER + 1];

	page_alloc_stats(&before);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		blocks[o] = alloc_pages(GFP_KERNEL, o);
		KT_ASSERT_NOT_NULL(t, blocks[o]);
		KT_EXPECT_EQ(t, page_to_pfn(blocks[o]) & ((1ul << o) - 1), 0);
	}
	/* No two blocks overlap. */
	for (unsigned int a = 0; a <= MAX_ORDER; a++)
		for (unsigned int b = a + 1; b <= MAX_ORDER; b++) {
			unsigned long pa = page_to_pfn(blocks[a]), pb = page_to_pfn(blocks[b]);

			KT_EXPECT_TRUE(t, pa + (1ul << a) <= pb || pb + (1ul << b) <= pa);
		}
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		__free_pages(blocks[o], o);
	expect_stats_restored(t, &before);
}

static void zeroed_pages_are_zero(struct ktest *t)
{
	u8 *p = __get_free_pages(GFP_KERNEL, 1);
	bool zero = true;

	KT_ASSERT_NOT_NULL(t, p);
	memset(p, 0xa5, 2 * PAGE_SIZE);
	free_pages(p, 1);
	p = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	KT_ASSERT_NOT_NULL(t, p);
	for (size_t i = 0; i < 2 * PAGE_SIZE; i++)
		zero &= p[i] == 0;
	KT_EXPECT_TRUE(t, zero);
	free_pages(p, 1);
}

/* Allocate everything (largest blocks first), chaining the blocks through their first word. */
static void *take_all(gfp_t gfp, unsigned long *pages)
{
	void *chain = NULL;

	for (int o = MAX_ORDER; o >= 0; o--) {
		void *p;

		while ((p = __get_free_pages(gfp | __GFP_NOWARN, o))) {
			*(void **)p = chain;
			*(unsigned long *)((char *)p + 8) = o;
			chain = p;
			*pages += 1ul << o;
		}
	}
	return chain;
}

static void give_back(void *chain)
{
	while (chain) {
		void *next = *(void **)chain;

		free_pages(chain, *(unsigned long *)((char *)chain + 8));
		chain = next;
	}
}

/* Running out returns NULL, GFP_ATOMIC still finds the reserve, and freeing restores all. */
static void exhaustion_returns_null_and_recovers(struct ktest *t)
{
	struct page_alloc_stats before;
	unsigned long normal = 0, atomic = 0;
	void *normal_chain, *atomic_chain;

	page_alloc_stats(&before);
	normal_chain = take_all(GFP_KERNEL, &normal);
	KT_EXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0));
	atomic_chain = take_all(GFP_ATOMIC, &atomic);
	KT_EXPECT_GT(t, atomic, 0); /* the reserve only atomic allocations may use */
	KT_EXPECT_EQ(t, nr_free_pages(), 0);
	KT_EXPECT_EQ(t, normal + atomic, before.free);
	give_back(atomic_chain);
	give_back(normal_chain);
	expect_stats_restored(t, &before);
}

static u64 xorshift(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

struct live_block {
	struct page *page;
	unsigned int order;
};

/* Each live block carries its own pfn in every page: a block handed out twice would clash. */
static void stamp(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1ul << order); i++)
		*(unsigned long *)page_address(page + i) = page_to_pfn(page + i);
}

static bool stamp_intact(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1ul << order); i++)
		if (*(unsigned long *)page_address(page + i) != page_to_pfn(page + i))
			return false;
	return true;
}

static void random_operations_keep_blocks_apart(struct ktest *t)
{
	static struct live_block live[RANDOM_MAX_LIVE];
	struct page_alloc_stats before;
	u64 seed = RANDOM_SEED;
	int nr_live = 0, bad = 0;

	page_alloc_stats(&before);
	for (int op = 0; op < RANDOM_OPS; op++) {
		u64 r = xorshift(&seed);

		if (nr_live < RANDOM_MAX_LIVE && (nr_live == 0 || r % 3)) {
			unsigned int order = (r >> 8) % (RANDOM_MAX_ORDER + 1);
			struct page *page = alloc_pages(GFP_KERNEL, order);

			KT_ASSERT_NOT_NULL(t, page);
			stamp(page, order);
			live[nr_live++] = (struct live_block){ page, order };
		} else {
			int i = (int)((r >> 16) % nr_live);

			bad += !stamp_intact(live[i].page, live[i].order);
			__free_pages(live[i].page, live[i].order);
			live[i] = live[--nr_live];
		}
	}
	while (nr_live) {
		nr_live--;
		bad += !stamp_intact(live[nr_live].page, live[nr_live].order);
		__free_pages(live[nr_live].page, live[nr_live].order);
	}
	KT_EXPECT_EQ(t, bad, 0);
	expect_stats_restored(t, &before);
}

static void dma32_allocations_are_below_4g(struct ktest *t)
{
	struct page_alloc_stats s;
	struct page *low = alloc_pages(GFP_KERNEL | __GFP_DMA32, 0);
	struct page *any = alloc_pages(GFP_KERNEL, 0);

	KT_ASSERT_NOT_NULL(t, low);
	KT_ASSERT_NOT_NULL(t, any);
	KT_EXPECT_LT(t, page_to_phys(low), 0x100000000ull);
	page_alloc_stats(&s);
	/* With memory above 4 GiB, ordinary allocations go there first. */
	if (s.zone_free[ZONE_NORMAL] > 0)
		KT_EXPECT_GE(t, page_to_phys(any), 0x100000000ull);
	__free_pages(low, 0);
	__free_pages(any, 0);
}

static void bad_frees_are_refused(struct ktest *t)
{
	struct page_alloc_stats before;
	unsigned long warnings = warn_count;
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	KT_ASSERT_NOT_NULL(t, page);
	page_alloc_stats(&before);
	__free_pages(virt_to_page(bad_frees_are_refused), 0); /* kernel text: reserved */
	KT_EXPECT_EQ(t, warn_count, warnings + 1);
	__free_pages(page + 1, 1); /* misaligned for order 1 */
	KT_EXPECT_EQ(t, warn_count, warnings + 2);
	expect_stats_restored(t, &before);
	__free_pages(page, 0);
	page_alloc_stats(&before);
	__free_pages(page, 0); /* double free */
	KT_EXPECT_EQ(t, warn_count, warnings + 3);
	expect_stats_restored(t, &before);
}

static const struct ktest_case buddy_cases[] = { KTEST_CASE(accounting_adds_up),
						 KTEST_CASE(split_and_merge_restore_counts),
						 KTEST_CASE(blocks_are_aligned_and_sized),
						 KTEST_CASE(zeroed_pages_are_zero),
						 KTEST_CASE(exhaustion_returns_null_and_recovers),
						 KTEST_CASE(random_operations_keep_blocks_apart),
						 KTEST_CASE(dma32_allocations_are_below_4g),
						 KTEST_CASE(bad_frees_are_refused),
						 {} };
KTEST_SUITE(buddy, buddy_cases);
