/* SPDX-License-Identifier: MIT */
/*
 * The page-table API: x86-64 4-level paging (PML4 -> PDPT -> PD -> PT), behind functions that
 * portable code can use without knowing a bit of it. Every table is one 4 KiB page of 512
 * 64-bit entries; level 4 is the top (the pgd), level 1 holds the 4 KiB page entries.
 *
 * Protections are the pgprot_t values below, named as in Linux. Page-table pages come from
 * pgtable_alloc()/pgtable_free(), which the memory manager provides (kernel/mm).
 *
 * None of these functions lock: the caller serializes changes to one range of one pgd. They flush
 * the TLB of this CPU only; other CPUs are the caller's business.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/layout.h>
#include <asm/page.h>
#include <asm/processor-flags.h>

#include "lib/types.h"

typedef u64 pte_t;    /* an entry of a table at any level */
typedef u64 pgprot_t; /* the permission and cache bits of a leaf entry */

#define PTRS_PER_TABLE 512
#define PGTABLE_LEVELS 4
#define PMD_SIZE       (1ul << 21) /* a 2 MiB page, mapped by a level-2 entry */
#define PUD_SIZE       (1ul << 30) /* a 1 GiB page, mapped by a level-3 entry */
#define PTE_NX	       (1ul << 63) /* no execute (needs EFER.NXE) */
#define PTE_ADDR_MASK  0x000ffffffffff000ul

#define PAGE_KERNEL	    (PTE_PRESENT | PTE_WRITE | PTE_GLOBAL | PTE_NX)
#define PAGE_KERNEL_RO	    (PTE_PRESENT | PTE_GLOBAL | PTE_NX)
#define PAGE_KERNEL_RX	    (PTE_PRESENT | PTE_GLOBAL)
#define PAGE_KERNEL_NOCACHE (PAGE_KERNEL | PTE_PCD | PTE_PWT)

/* The top-level table of the kernel's own address space (init_mm's pgd, in Linux's words). */
extern pte_t *kernel_pgd;

/* Switch from the boot page tables to the kernel's (arch/x86_64/mm/init.c). */
void paging_init(void);

/* Provided by the memory manager: a zeroed page for a table, and its return. */
pte_t *pgtable_alloc(void);
void pgtable_free(pte_t *table);

/*
 * Map [va, va + size) to physical [pa, ...) with 4 KiB pages. 0, -ENOMEM, or -EEXIST if a page in
 * the range is already mapped (the pages before it stay mapped). va, pa and size page aligned.
 */
int map_pages(pte_t *pgd, unsigned long va, phys_addr_t pa, size_t size, pgprot_t prot);

/* The same with the largest pages the alignment and the CPU allow (1 GiB, 2 MiB, 4 KiB). */
int map_pages_large(pte_t *pgd, unsigned long va, phys_addr_t pa, size_t size, pgprot_t prot);

/*
 * Unmap what is mapped in [va, va + size) at 4 KiB granularity and free the page tables that
 * become empty (except the kernel half's level-3 tables, which every pgd shares).
 */
void unmap_pages(pte_t *pgd, unsigned long va, size_t size);

/*
 * Change the protection of the 4 KiB pages in [va, va + size); -EINVAL if one is not mapped or
 * is part of a large page (the pages before it are changed).
 */
int protect_pages(pte_t *pgd, unsigned long va, size_t size, pgprot_t prot);

/* The leaf entry that maps va and its level (1: 4 KiB, 2: 2 MiB, 3: 1 GiB), or NULL. */
pte_t *lookup_pte(pte_t *pgd, unsigned long va, int *level);

/* The physical address va maps to in pgd, or -1 if unmapped. */
phys_addr_t virt_to_phys_walk(pte_t *pgd, unsigned long va);

static inline void flush_tlb_one(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

/* Make pgd the active address space of this CPU. */
static inline void load_cr3(pte_t *pgd)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(__pa(pgd)) : "memory");
}

#endif
