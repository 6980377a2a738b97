/* SPDX-License-Identifier: MIT */
/*
 * pgds of user address spaces and their user halves (asm/mmu_context.h has the contract).
 */
#include <asm/mmu_context.h>
#include <asm/pgtable.h>

#include "kernel/locking/spinlock.h"
#include "kernel/mm/mm.h"
#include "lib/list.h"

#define KERNEL_PGD_FIRST (PTRS_PER_TABLE / 2) /* entry 256: 0xffff800000000000 */
#define TABLE_FLAGS	 (PTE_PRESENT | PTE_WRITE | PTE_USER)

/* Every user pgd, linked through the struct page of its table. */
static LIST_HEAD(pgd_list);
static DEFINE_SPINLOCK(pgd_lock); /* pgd_list, and copying kernel entries into its pgds */
static unsigned long nr_pgds;	  /* under pgd_lock */

pte_t *pgd_alloc(void)
{
	pte_t *pgd = pgtable_alloc();

	if (!pgd)
		return NULL;
	spin_lock(&pgd_lock); /* so that no kernel entry is created between copy and listing */
	for (int i = KERNEL_PGD_FIRST; i < PTRS_PER_TABLE; i++)
		pgd[i] = kernel_pgd[i];
	list_add(&virt_to_page(pgd)->lru, &pgd_list);
	nr_pgds++;
	spin_unlock(&pgd_lock);
	return pgd;
}

void pgd_free(pte_t *pgd)
{
	spin_lock(&pgd_lock);
	list_del(&virt_to_page(pgd)->lru);
	nr_pgds--;
	spin_unlock(&pgd_lock);
	pgtable_free(pgd);
}

unsigned long pgd_count(void)
{
	return READ_ONCE(nr_pgds);
}

/* Called by the page-table code when kernel_pgd gets a new entry in the kernel half. */
void pgd_sync_kernel_entry(unsigned int index)
{
	struct page *page;

	spin_lock(&pgd_lock);
	list_for_each_entry (page, &pgd_list, lru)
		((pte_t *)page_address(page))[index] = kernel_pgd[index];
	spin_unlock(&pgd_lock);
}

void switch_pgd(pte_t *pgd)
{
	load_cr3(pgd);
}

static unsigned int idx(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PTRS_PER_TABLE - 1);
}

static pte_t *next_table(pte_t *e, bool alloc)
{
	if (!(*e & PTE_PRESENT)) {
		pte_t *t = alloc ? pgtable_alloc() : NULL;

		if (!t)
			return NULL;
		*e = __pa(t) | TABLE_FLAGS;
	}
	return __va(*e & PTE_ADDR_MASK);
}

static pte_t *user_pte(pte_t *pgd, unsigned long va, bool alloc)
{
	pte_t *table = pgd;

	if (va >= USER_ADDR_END)
		return NULL;
	for (int level = PGTABLE_LEVELS; level > 1; level--) {
		table = next_table(&table[idx(va, level)], alloc);
		if (!table)
			return NULL;
	}
	return &table[idx(va, 1)];
}

pte_t *user_pte_alloc(pte_t *pgd, unsigned long va)
{
	return user_pte(pgd, va, true);
}

pte_t *user_pte_lookup(pte_t *pgd, unsigned long va)
{
	return user_pte(pgd, va, false);
}

struct clear_args {
	void (*fn)(pte_t entry, unsigned long va, void *arg);
	void (*free_table)(pte_t *table, void *arg);
	void *arg;
	unsigned long cleared;
};

static bool table_empty(const pte_t *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * Clear [start, end) below `table` (a table of `level`, covering addresses from `base`), and
 * free the tables that end up empty. Absent tables are skipped whole, so a sparse range is cheap.
 */
static void clear_level(pte_t *table, int level, unsigned long base, unsigned long start,
			unsigned long end, struct clear_args *c)
{
	unsigned long span = 1ul << (PAGE_SHIFT + 9 * (level - 1));

	for (unsigned int i = idx(start, level); i < PTRS_PER_TABLE; i++) {
		unsigned long va = base + i * span;
		pte_t *e = &table[i];

		if (va >= end)
			break;
		if (!(*e & PTE_PRESENT))
			continue;
		if (level == 1) {
			c->fn(*e, va, c->arg);
			*e = 0;
			c->cleared++;
			continue;
		}
		clear_level(__va(*e & PTE_ADDR_MASK), level - 1, va, start > va ? start : va, end, c);
		if (table_empty(__va(*e & PTE_ADDR_MASK))) {
			c->free_table(__va(*e & PTE_ADDR_MASK), c->arg);
			*e = 0;
		}
	}
}

unsigned long user_range_clear(pte_t *pgd, unsigned long start, unsigned long end,
			       void (*fn)(pte_t entry, unsigned long va, void *arg),
			       void (*free_table)(pte_t *table, void *arg), void *arg)
{
	struct clear_args c = { fn, free_table, arg, 0 };

	if (end > USER_ADDR_END)
		end = USER_ADDR_END;
	if (start < end)
		clear_level(pgd, PGTABLE_LEVELS, 0, start, end, &c);
	return c.cleared;
}

struct walk_args {
	int (*fn)(pte_t *pte, unsigned long va, void *arg);
	void *arg;
};

/* user_range_walk() below `table` (a table of `level`, covering addresses from `base`). */
static int walk_level(pte_t *table, int level, unsigned long base, unsigned long start,
		      unsigned long end, const struct walk_args *w)
{
	unsigned long span = 1ul << (PAGE_SHIFT + 9 * (level - 1));

	for (unsigned int i = idx(start, level); i < PTRS_PER_TABLE; i++) {
		unsigned long va = base + i * span;
		pte_t *e = &table[i];
		int err;

		if (va >= end)
			break;
		if (!(*e & PTE_PRESENT))
			continue;
		if (level == 1)
			err = w->fn(e, va, w->arg);
		else
			err = walk_level(__va(*e & PTE_ADDR_MASK), level - 1, va,
					 start > va ? start : va, end, w);
		if (err)
			return err;
	}
	return 0;
}

int user_range_walk(pte_t *pgd, unsigned long start, unsigned long end,
		    int (*fn)(pte_t *pte, unsigned long va, void *arg), void *arg)
{
	struct walk_args w = { fn, arg };

	if (end > USER_ADDR_END)
		end = USER_ADDR_END;
	return start < end ? walk_level(pgd, PGTABLE_LEVELS, 0, start, end, &w) : 0;
}

static unsigned long count_tables(const pte_t *table, int level, int first, int last)
{
	unsigned long n = 0;

	for (int i = first; i < last; i++)
		if ((table[i] & PTE_PRESENT) && level > 1)
			n += 1 + count_tables(__va(table[i] & PTE_ADDR_MASK), level - 1, 0,
					      PTRS_PER_TABLE);
	return n;
}

unsigned long user_table_count(pte_t *pgd)
{
	return count_tables(pgd, PGTABLE_LEVELS, 0, KERNEL_PGD_FIRST);
}
