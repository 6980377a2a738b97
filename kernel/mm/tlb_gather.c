/* SPDX-License-Identifier: MIT */
/* Free unmapped frames and page tables after the TLB flush (kernel/mm/tlb_gather.h). */
#include "kernel/mm/tlb_gather.h"

void tlb_gather_init(struct mmu_gather *tlb, struct mm_struct *mm, unsigned long start,
		     unsigned long end)
{
	tlb->mm = mm;
	tlb->start = start;
	tlb->end = end;
	tlb->nr_pages = 0;
	tlb->nr_tables = 0;
}

void tlb_finish(struct mmu_gather *tlb)
{
	if (!tlb->nr_pages && !tlb->nr_tables)
		return;
	flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end);
	for (unsigned int i = 0; i < tlb->nr_pages; i++)
		put_page(tlb->pages[i]);
	for (unsigned int i = 0; i < tlb->nr_tables; i++)
		pgtable_free(tlb->tables[i]);
	tlb->nr_pages = 0;
	tlb->nr_tables = 0;
}

void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	if (tlb->nr_pages == TLB_GATHER_BATCH)
		tlb_finish(tlb);
	tlb->pages[tlb->nr_pages++] = page;
}

void tlb_remove_table(struct mmu_gather *tlb, pte_t *table)
{
	if (tlb->nr_tables == TLB_GATHER_BATCH)
		tlb_finish(tlb);
	tlb->tables[tlb->nr_tables++] = table;
}

void tlb_gather_pte(pte_t entry, unsigned long va, void *tlb)
{
	tlb_remove_page(tlb, pfn_to_page(PFN_DOWN(entry & PTE_ADDR_MASK)));
}

void tlb_gather_table(pte_t *table, void *tlb)
{
	tlb_remove_table(tlb, table);
}
