/* SPDX-License-Identifier: MIT */
/*
 * Freeing what was unmapped, only once no CPU can still reach it (Linux's mmu_gather, small).
 *
 * Clearing a PTE does not stop another CPU that cached the translation: a thread of the same
 * process may keep writing to the frame until its TLB is flushed. So the frames and page-table
 * pages taken out of an address space are gathered first, the TLBs of every CPU that may cache
 * the mm are flushed, and only then are they freed. A full batch is flushed and freed early.
 */
#ifndef KERNEL_MM_TLB_GATHER_H
#define KERNEL_MM_TLB_GATHER_H

#include "kernel/mm/mm_types.h"

#define TLB_GATHER_BATCH 64

struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end; /* the range to flush */
	unsigned int nr_pages, nr_tables;
	struct page *pages[TLB_GATHER_BATCH]; /* references to drop */
	pte_t *tables[TLB_GATHER_BATCH];      /* page-table pages to free */
};

void tlb_gather_init(struct mmu_gather *tlb, struct mm_struct *mm, unsigned long start,
		     unsigned long end);
/* Drop this reference to page after the flush. */
void tlb_remove_page(struct mmu_gather *tlb, struct page *page);
/* Free this (unlinked) page-table page after the flush. */
void tlb_remove_table(struct mmu_gather *tlb, pte_t *table);
/* Flush, then free everything gathered. Interrupts enabled (it waits for other CPUs). */
void tlb_finish(struct mmu_gather *tlb);

/* For user_range_clear(): gather the frame of a cleared PTE, and an emptied table. */
void tlb_gather_pte(pte_t entry, unsigned long va, void *tlb);
void tlb_gather_table(pte_t *table, void *tlb);

#endif
