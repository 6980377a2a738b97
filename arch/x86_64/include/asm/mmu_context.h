/* SPDX-License-Identifier: MIT */
/*
 * Address spaces, x86 side: the top-level tables (pgds) of user address spaces, and switching
 * between them.
 *
 * Every pgd shares the kernel half (entries 256-511) with kernel_pgd by copying those entries
 * when it is created. A top-level kernel entry created later (a new level-3 table for the
 * vmalloc area, say) must be copied into every pgd, so all pgds are on pgd_list, under
 * pgd_lock. pgd_lock is taken with interrupts enabled and is therefore not interrupt-safe: a
 * pgd must never be freed from interrupt or softirq context. That rule is the reason the
 * mm_struct refcount design (docs/, issue "refcount") exists.
 */
#ifndef ASM_MMU_CONTEXT_H
#define ASM_MMU_CONTEXT_H

#include <asm/pgtable.h>

#include "lib/types.h"

/* A new pgd: user half empty, kernel half shared. NULL without memory. Task context. */
pte_t *pgd_alloc(void);
/* Free a pgd whose user half is already empty. Task context (takes pgd_lock). */
void pgd_free(pte_t *pgd);
/* Copy kernel_pgd's entry `index` (kernel half) into every pgd (the page-table code calls it). */
void pgd_sync_kernel_entry(unsigned int index);
/* pgds on pgd_list (for tests). */
unsigned long pgd_count(void);

/* Make pgd this CPU's address space (CR3). */
void switch_pgd(pte_t *pgd);

/* User-space page tables. The caller holds the address space's page-table lock. */

/* The level-1 entry for user address va, allocating the tables above it; NULL without memory. */
pte_t *user_pte_alloc(pte_t *pgd, unsigned long va);
/* The level-1 entry for va if the tables exist (the entry may be empty), else NULL. */
pte_t *user_pte_lookup(pte_t *pgd, unsigned long va);
/*
 * For every present 4 KiB entry in [start, end): call fn(entry, va, arg), then clear the entry;
 * then unlink the tables that became empty and hand each to free_table(table, arg). Returns the
 * number of entries cleared. No TLB flush: the callbacks decide when pages and tables may go.
 */
unsigned long user_range_clear(pte_t *pgd, unsigned long start, unsigned long end,
			       void (*fn)(pte_t entry, unsigned long va, void *arg),
			       void (*free_table)(pte_t *table, void *arg), void *arg);
/*
 * For every present 4 KiB entry in [start, end), in address order: fn(pte, va, arg), which may
 * change the entry. Absent tables are skipped whole, so a huge sparse range costs no more than
 * the tables that exist (a loop over every page of a 1 TiB reservation would take minutes).
 * Stops at the first non-zero return of fn and returns it; 0 otherwise.
 */
int user_range_walk(pte_t *pgd, unsigned long start, unsigned long end,
		    int (*fn)(pte_t *pte, unsigned long va, void *arg), void *arg);
/* Page-table pages of the user half (for leak checks). */
unsigned long user_table_count(pte_t *pgd);

#define USER_ADDR_END 0x0000800000000000ul /* the first non-user address (non-canonical) */

#endif
