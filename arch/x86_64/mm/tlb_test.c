/* SPDX-License-Identifier: MIT */
/*
 * TLB shootdown: a kernel mapping changed on one CPU must not survive in another CPU's TLB.
 */
#include <asm/irq.h>
#include <asm/irq_vectors.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/smp/smp.h"


static void read_word(void *info)
{
	volatile unsigned long **p = info;

	*(unsigned long *)(p + 1) = **p; /* result in the slot after the pointer */
}

/* What CPU `cpu` reads at va (so that its TLB caches va's translation). */
static unsigned long read_on(unsigned int cpu, volatile unsigned long *va)
{
	volatile unsigned long *args[2] = { va, NULL };

	smp_call_function_single(cpu, read_word, args, true);
	return (unsigned long)args[1];
}

/*
 * CPU 1 caches the translation of a kernel page; CPU 0 points the page at another frame and
 * flushes: CPU 1 must then read the new frame, not the old one through a stale entry.
 */
static void remapped_page_is_seen_by_another_cpu_after_flush(struct ktest *t)
{
	unsigned long *page = vmalloc(PAGE_SIZE);
	struct page *fresh = alloc_page(GFP_KERNEL);
	phys_addr_t old_pa;

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU");
	KT_ASSERT_NOT_NULL(t, page);
	KT_ASSERT_NOT_NULL(t, fresh);
	*page = 0x1111;
	*(unsigned long *)page_address(fresh) = 0x2222;
	KT_EXPECT_EQ(t, read_on(1, page), 0x1111);
	old_pa = virt_to_phys_walk(kernel_pgd, (unsigned long)page);
	unmap_pages(kernel_pgd, (unsigned long)page, PAGE_SIZE);
	KT_ASSERT_EQ(t, map_pages(kernel_pgd, (unsigned long)page, page_to_phys(fresh), PAGE_SIZE,
				  PAGE_KERNEL),
		     0);
	flush_tlb_kernel_range((unsigned long)page, (unsigned long)page + PAGE_SIZE);
	KT_EXPECT_EQ(t, read_on(1, page), 0x2222);
	/* Put the original frame back so that vfree() frees what vmalloc() allocated. */
	unmap_pages(kernel_pgd, (unsigned long)page, PAGE_SIZE);
	map_pages(kernel_pgd, (unsigned long)page, old_pa, PAGE_SIZE, PAGE_KERNEL);
	flush_tlb_kernel_range((unsigned long)page, (unsigned long)page + PAGE_SIZE);
	__free_pages(fresh, 0);
	vfree(page);
}

/* vfree() interrupts every other CPU to drop the area's translations before freeing it. */
static void vfree_shoots_down_every_other_cpu(struct ktest *t)
{
	unsigned long before_ipis = irq_count_of(CALL_FUNCTION_VECTOR);
	unsigned long before = tlb_remote_flush_count();
	void *p = vmalloc(3 * PAGE_SIZE);

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU");
	KT_ASSERT_NOT_NULL(t, p);
	vfree(p);
	KT_EXPECT_GE(t, tlb_remote_flush_count() - before, num_online_cpus() - 1);
	KT_EXPECT_GE(t, irq_count_of(CALL_FUNCTION_VECTOR) - before_ipis, num_online_cpus() - 1);
}

static const struct ktest_case tlb_cases[] = {
	KTEST_CASE(remapped_page_is_seen_by_another_cpu_after_flush),
	KTEST_CASE(vfree_shoots_down_every_other_cpu),
	{},
};
KTEST_SUITE(tlb, tlb_cases);
