/* SPDX-License-Identifier: MIT */
/*
 * Address spaces, from inside the kernel: demand-zero faults, copy-on-write after dup_mm, the
 * limits of a fault (no VMA, no permission, stack limit), teardown giving everything back, and
 * the kernel half staying shared by every pgd. The address spaces here are never run: faults
 * are resolved with handle_mm_fault() on them directly.
 */
#include <asm/mmu_context.h>
#include <asm/pgtable.h>

#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm_types.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

#define BASE 0x40000000ul /* where the tests map things */
#define RW   (VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)

static struct mm_struct *new_mm_with(struct ktest *t, unsigned long start, unsigned long len,
				     unsigned long flags)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(t, mm);
	down_write(&mm->mmap_lock);
	KT_EXPECT_EQ(t, mm_map_anon(mm, start, len, flags), 0);
	up_write(&mm->mmap_lock);
	return mm;
}

/* The PTE of addr in mm (0 if none). */
static pte_t pte_of(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = user_pte_lookup(mm->pgd, addr);

	return pte ? *pte : 0;
}

static bool page_is_zero(const void *p)
{
	const unsigned long *w = p;

	for (size_t i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		if (w[i])
			return false;
	return true;
}

static struct page *page_of(pte_t pte)
{
	return pfn_to_page(PFN_DOWN(pte & PTE_ADDR_MASK));
}

/* A first touch gets a zeroed page, user-accessible, writable as the VMA says, never exec. */
static void demand_zero_fault_maps_a_zeroed_page(struct ktest *t)
{
	struct mm_struct *mm = new_mm_with(t, BASE, 4 * PAGE_SIZE, RW);
	pte_t pte;

	KT_EXPECT_EQ(t, pte_of(mm, BASE + PAGE_SIZE), 0);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE + PAGE_SIZE + 8, FAULT_FLAG_USER), 0);
	pte = pte_of(mm, BASE + PAGE_SIZE);
	KT_EXPECT_TRUE(t, pte & PTE_PRESENT);
	KT_EXPECT_TRUE(t, pte & PTE_USER);
	KT_EXPECT_TRUE(t, pte & PTE_WRITE);
	KT_EXPECT_TRUE(t, page_is_zero(page_address(page_of(pte))));
	KT_EXPECT_EQ(t, pte_of(mm, BASE), 0); /* only the page touched */
	mmput(mm);
}

/* No VMA, no permission, or below the minimum address: the fault fails. */
static void faults_outside_the_rules_fail(struct ktest *t)
{
	struct mm_struct *mm = new_mm_with(t, BASE, PAGE_SIZE, VM_READ | VM_MAYREAD);

	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE + PAGE_SIZE, 0), -EFAULT);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE, FAULT_FLAG_WRITE), -EFAULT);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE, FAULT_FLAG_EXEC), -EFAULT);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, 0x1000, 0), -EFAULT);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, BASE, 0), 0);
	KT_EXPECT_FALSE(t, pte_of(mm, BASE) & PTE_WRITE);
	mmput(mm);
}

/* A stack VMA grows down on a fault below it, up to STACK_LIMIT and no further. */
static void stack_grows_down_to_its_limit(struct ktest *t)
{
	unsigned long top = STACK_TOP, start = top - STACK_INITIAL;
	struct mm_struct *mm = new_mm_with(t, start, STACK_INITIAL, RW | VM_GROWSDOWN);

	KT_EXPECT_EQ(t, handle_mm_fault(mm, start - 3 * PAGE_SIZE, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(t, vma_find(&mm->vmas, start)->vm_start, start - 3 * PAGE_SIZE);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, top - STACK_LIMIT, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(t, handle_mm_fault(mm, top - STACK_LIMIT - PAGE_SIZE, FAULT_FLAG_WRITE),
		     -EFAULT);
	mmput(mm);
}

/*
 * After dup_mm both sides map the same frame read-only; the first write copies it for the
 * writer; the last sharer's write just takes the frame back as writable.
 */
static void dup_mm_shares_pages_copy_on_write(struct ktest *t)
{
	struct mm_struct *parent = new_mm_with(t, BASE, PAGE_SIZE, RW), *child;
	pte_t p, c;

	down_write(&parent->mmap_lock);
	KT_EXPECT_EQ(t, mm_fill(parent, BASE, "parent", 7), 0);
	up_write(&parent->mmap_lock);
	child = dup_mm(parent);
	KT_ASSERT_NOT_NULL(t, child);
	p = pte_of(parent, BASE);
	c = pte_of(child, BASE);
	KT_EXPECT_EQ(t, p & PTE_ADDR_MASK, c & PTE_ADDR_MASK);
	KT_EXPECT_FALSE(t, p & PTE_WRITE);
	KT_EXPECT_FALSE(t, c & PTE_WRITE);
	KT_EXPECT_EQ(t, page_of(p)->refcount, 2);

	KT_EXPECT_EQ(t, handle_mm_fault(child, BASE, FAULT_FLAG_WRITE), 0); /* the copy */
	c = pte_of(child, BASE);
	KT_EXPECT_NE(t, c & PTE_ADDR_MASK, p & PTE_ADDR_MASK);
	KT_EXPECT_TRUE(t, c & PTE_WRITE);
	KT_EXPECT_STREQ(t, (char *)page_address(page_of(c)), "parent");
	KT_EXPECT_EQ(t, page_of(p)->refcount, 1);

	KT_EXPECT_EQ(t, handle_mm_fault(parent, BASE, FAULT_FLAG_WRITE), 0); /* reuse */
	KT_EXPECT_EQ(t, pte_of(parent, BASE) & PTE_ADDR_MASK, p & PTE_ADDR_MASK);
	KT_EXPECT_TRUE(t, pte_of(parent, BASE) & PTE_WRITE);
	mmput(child);
	mmput(parent);
}

/* Free pages, counting the slab's pages as free: a VMA freed may free a slab page. */
static unsigned long free_and_slab_pages(void)
{
	return nr_free_pages() + slab_total_pages();
}

/* Building, copying and tearing down address spaces gives back every page, VMA and pgd. */
static void teardown_returns_everything(struct ktest *t)
{
	unsigned long pages = free_and_slab_pages(), vmas = nr_vm_areas(), pgds = pgd_count();
	struct mm_struct *mm, *copy;

	mm = new_mm_with(t, BASE, 64 * PAGE_SIZE, RW);
	for (unsigned long a = BASE; a < BASE + 64 * PAGE_SIZE; a += 3 * PAGE_SIZE)
		KT_EXPECT_EQ(t, handle_mm_fault(mm, a, FAULT_FLAG_WRITE), 0);
	copy = dup_mm(mm);
	KT_ASSERT_NOT_NULL(t, copy);
	KT_EXPECT_EQ(t, handle_mm_fault(copy, BASE, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_GT(t, mm_user_tables(mm), 0);
	mmput(copy);
	mmput(mm);
	KT_EXPECT_EQ(t, nr_vm_areas(), vmas);
	KT_EXPECT_EQ(t, pgd_count(), pgds);
	KT_EXPECT_EQ(t, free_and_slab_pages(), pages);
}

/* Unmapping part of an address space frees its pages and the page tables that emptied. */
static void unmap_frees_pages_and_tables(struct ktest *t)
{
	struct mm_struct *mm = new_mm_with(t, BASE, 512 * PAGE_SIZE, RW);
	unsigned long before;

	before = free_and_slab_pages();
	for (unsigned long a = BASE; a < BASE + 512 * PAGE_SIZE; a += PAGE_SIZE)
		KT_EXPECT_EQ(t, handle_mm_fault(mm, a, FAULT_FLAG_WRITE), 0);
	down_write(&mm->mmap_lock);
	KT_EXPECT_EQ(t, mm_unmap(mm, BASE, BASE + 512 * PAGE_SIZE), 0);
	up_write(&mm->mmap_lock);
	KT_EXPECT_EQ(t, mm_user_tables(mm), 0);
	KT_EXPECT_EQ(t, free_and_slab_pages(), before);
	mmput(mm);
}

/*
 * A top-level kernel entry created after a pgd exists reaches that pgd too (pgd_list). Uses a
 * top-level slot of the vmalloc area that nothing else uses, and leaves its table in place
 * (the kernel half's level-3 tables are never freed).
 */
static void new_kernel_top_entry_reaches_every_pgd(struct ktest *t)
{
	unsigned long va = VMALLOC_END - PAGE_SIZE;
	unsigned int slot = (va >> 39) & (PTRS_PER_TABLE - 1);
	struct mm_struct *mm = mm_alloc();
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, mm);
	KT_ASSERT_NOT_NULL(t, page);
	if (kernel_pgd[slot]) {
		mmput(mm);
		__free_pages(page, 0);
		KT_SKIP(t, "the top-level slot is already in use");
	}
	KT_EXPECT_EQ(t, map_pages(kernel_pgd, va, page_to_phys(page), PAGE_SIZE, PAGE_KERNEL), 0);
	KT_EXPECT_NE(t, kernel_pgd[slot], 0);
	KT_EXPECT_EQ(t, mm->pgd[slot], kernel_pgd[slot]);
	unmap_pages(kernel_pgd, va, PAGE_SIZE);
	__free_pages(page, 0);
	mmput(mm);
}

static const struct ktest_case mm_cases[] = {
	KTEST_CASE(demand_zero_fault_maps_a_zeroed_page),
	KTEST_CASE(faults_outside_the_rules_fail),
	KTEST_CASE(stack_grows_down_to_its_limit),
	KTEST_CASE(dup_mm_shares_pages_copy_on_write),
	KTEST_CASE(teardown_returns_everything),
	KTEST_CASE(unmap_frees_pages_and_tables),
	KTEST_CASE(new_kernel_top_entry_reaches_every_pgd),
	{},
};
KTEST_SUITE(mm, mm_cases);
