/* SPDX-License-Identifier: MIT */
/*
 * Walking and changing x86-64 page tables (asm/pgtable.h has the contract). A virtual address
 * selects one entry per level with 9 bits each: bits 47-39 in the level-4 table (the pgd), 38-30
 * in level 3, 29-21 in level 2, 20-12 in level 1. An entry either points to the next table or,
 * with PTE_HUGE at levels 3 and 2 (or always at level 1), maps a page itself.
 */
#include <asm/cpufeature.h>
#include <asm/mmu_context.h>
#include <asm/pgtable.h>
#include <asm/x86.h>

#include "lib/errno.h"

#define TABLE_FLAGS (PTE_PRESENT | PTE_WRITE | PTE_USER) /* leaves decide the real permissions */
#define KERNEL_HALF 0xffff800000000000ul

pte_t *kernel_pgd;

static unsigned int level_shift(int level)
{
	return PAGE_SHIFT + 9 * (level - 1);
}

static unsigned long level_size(int level)
{
	return 1ul << level_shift(level);
}

static unsigned int table_index(unsigned long va, int level)
{
	return (va >> level_shift(level)) & (PTRS_PER_TABLE - 1);
}

static pte_t *entry_table(pte_t entry)
{
	return __va(entry & PTE_ADDR_MASK);
}

static bool is_leaf(pte_t entry, int level)
{
	return level == 1 || (entry & PTE_HUGE);
}

/* The table at `level` below pgd for va, allocating missing tables if asked; NULL otherwise. */
static pte_t *table_at(pte_t *pgd, unsigned long va, int level, bool alloc)
{
	pte_t *table = pgd;

	for (int l = PGTABLE_LEVELS; l > level; l--) {
		pte_t *e = &table[table_index(va, l)];

		if (!(*e & PTE_PRESENT)) {
			pte_t *next = alloc ? pgtable_alloc() : NULL;

			if (!next)
				return NULL;
			*e = __pa(next) | TABLE_FLAGS;
			if (pgd == kernel_pgd && l == PGTABLE_LEVELS && va >= KERNEL_HALF)
				pgd_sync_kernel_entry(table_index(va, l)); /* every pgd shares it */
		} else if (is_leaf(*e, l)) {
			return NULL; /* a large page covers this address */
		}
		table = entry_table(*e);
	}
	return table;
}

/* Map one page of the given level (1, 2 or 3) at va. */
static int map_one(pte_t *pgd, unsigned long va, phys_addr_t pa, int level, pgprot_t prot)
{
	pte_t *table = table_at(pgd, va, level, true);
	pte_t *e;

	if (!table)
		return -ENOMEM; /* or a larger page already covers it: pgd is the caller's to know */
	e = &table[table_index(va, level)];
	if (*e & PTE_PRESENT)
		return -EEXIST;
	*e = pa | (prot & supported_pte_mask) | (level > 1 ? PTE_HUGE : 0);
	return 0;
}

int map_pages(pte_t *pgd, unsigned long va, phys_addr_t pa, size_t size, pgprot_t prot)
{
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		int err = map_one(pgd, va + off, pa + off, 1, prot);

		if (err)
			return err;
	}
	return 0;
}

static bool cpu_has_1g_pages(void)
{
	u32 a, b, c, d;

	cpuid(0x80000001, &a, &b, &c, &d);
	return d & CPUID_EXT_EDX_PDPE1GB;
}

int map_pages_large(pte_t *pgd, unsigned long va, phys_addr_t pa, size_t size, pgprot_t prot)
{
	int top = cpu_has_1g_pages() ? 3 : 2;

	for (size_t off = 0; off < size;) {
		int level = top;
		int err;

		/* The largest page that is aligned on both sides and fits in what remains. */
		while (level > 1 &&
		       ((va + off) % level_size(level) || (pa + off) % level_size(level) ||
			size - off < level_size(level)))
			level--;
		err = map_one(pgd, va + off, pa + off, level, prot);
		if (err)
			return err;
		off += level_size(level);
	}
	return 0;
}

pte_t *lookup_pte(pte_t *pgd, unsigned long va, int *level)
{
	pte_t *table = pgd;

	for (int l = PGTABLE_LEVELS; l >= 1; l--) {
		pte_t *e = &table[table_index(va, l)];

		if (!(*e & PTE_PRESENT))
			return NULL;
		if (is_leaf(*e, l)) {
			if (level)
				*level = l;
			return e;
		}
		table = entry_table(*e);
	}
	return NULL;
}

phys_addr_t virt_to_phys_walk(pte_t *pgd, unsigned long va)
{
	int level;
	pte_t *e = lookup_pte(pgd, va, &level);

	if (!e)
		return (phys_addr_t)-1;
	return (*e & PTE_ADDR_MASK & ~(level_size(level) - 1)) + (va & (level_size(level) - 1));
}

int protect_pages(pte_t *pgd, unsigned long va, size_t size, pgprot_t prot)
{
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		int level;
		pte_t *e = lookup_pte(pgd, va + off, &level);

		if (!e || level != 1)
			return -EINVAL;
		*e = (*e & PTE_ADDR_MASK) | (prot & supported_pte_mask);
		flush_tlb_one(va + off);
	}
	return 0;
}

static bool table_empty(const pte_t *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * Free the tables on the path to va, from level 1 up, while they are empty. The kernel half's
 * level-3 tables stay: every pgd points at them, so that a mapping made in one is seen in all.
 */
static void free_empty_tables(pte_t *pgd, unsigned long va)
{
	for (int level = 1; level < PGTABLE_LEVELS; level++) {
		pte_t *parent = table_at(pgd, va, level + 1, false);
		pte_t *e;

		if (!parent)
			return;
		e = &parent[table_index(va, level + 1)];
		if (!(*e & PTE_PRESENT) || is_leaf(*e, level + 1) || !table_empty(entry_table(*e)))
			return;
		if (level == PGTABLE_LEVELS - 1 && va >= KERNEL_HALF)
			return;
		pgtable_free(entry_table(*e));
		*e = 0;
	}
}

void unmap_pages(pte_t *pgd, unsigned long va, size_t size)
{
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		int level;
		pte_t *e = lookup_pte(pgd, va + off, &level);

		if (e && level == 1) {
			*e = 0;
			flush_tlb_one(va + off);
		}
		/* At the last page of a table, or of the range, see whether tables became empty. */
		if (table_index(va + off, 1) == PTRS_PER_TABLE - 1 || off + PAGE_SIZE >= size)
			free_empty_tables(pgd, va + off);
	}
}
