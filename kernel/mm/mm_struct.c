/* SPDX-License-Identifier: MIT */
/*
 * Address spaces: creation, the counters, teardown, fork's copy, and switching (kernel/mm/
 * mm_types.h has the contract).
 */
#include "kernel/mm/mm_types.h"

#include <asm/cpufeature.h>
#include <asm/tlbflush.h>

#include "kernel/mm/slab.h"
#include "kernel/mm/tlb_gather.h"
#include "kernel/panic/panic.h"
#include "lib/errno.h"
#include "lib/string.h"

struct mm_struct init_mm = {
	.mm_users = REFCOUNT_INIT(1), /* never dropped: the kernel's address space lives forever */
	.mm_count = REFCOUNT_INIT(1),
	.page_table_lock = __SPIN_LOCK_UNLOCKED(init_mm.page_table_lock),
};

void get_page(struct page *page)
{
	__atomic_add_fetch(&page->refcount, 1, __ATOMIC_RELAXED);
}

void put_page(struct page *page)
{
	if (__atomic_sub_fetch(&page->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		page->refcount = 1; /* __free_pages() takes the reference alloc_pages() gave */
		__free_pages(page, 0);
	}
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm;

	might_sleep();
	mm = kzalloc(sizeof(*mm), GFP_KERNEL);
	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	refcount_set(&mm->mm_users, 1);
	refcount_set(&mm->mm_count, 1);
	init_rwsem(&mm->mmap_lock);
	vma_tree_init(&mm->vmas);
	spin_lock_init(&mm->page_table_lock);
	return mm;
}

/*
 * The last user is gone: every VMA, page and user page table goes; the pgd stays (mm_count).
 * No thread runs in it any more, but CPUs that have it loaded lazily may still hold
 * translations: the frames are freed after the flush (tlb_gather).
 */
static void exit_mmap(struct mm_struct *mm)
{
	struct mmu_gather tlb;

	tlb_gather_init(&tlb, mm, 0, USER_ADDR_END);
	down_write(&mm->mmap_lock);
	vma_tree_destroy(&mm->vmas, NULL, NULL);
	spin_lock(&mm->page_table_lock);
	user_range_clear(mm->pgd, 0, USER_ADDR_END, tlb_gather_pte, tlb_gather_table, &tlb);
	spin_unlock(&mm->page_table_lock);
	up_write(&mm->mmap_lock);
	tlb_finish(&tlb);
}

void mmput(struct mm_struct *mm)
{
	might_sleep();
	if (refcount_dec_and_test(&mm->mm_users)) {
		exit_mmap(mm);
		mmdrop(mm);
	}
}

void mmdrop(struct mm_struct *mm)
{
	if (refcount_dec_and_test(&mm->mm_count)) {
		BUG_ON(mm == &init_mm);
		pgd_free(mm->pgd); /* takes pgd_lock: this is why mmdrop is task context only */
		kfree(mm);
	}
}

void switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	unsigned long me = 1ul << smp_processor_id();

	if (prev == next)
		return;
	__atomic_fetch_or(&next->cpu_mask, me, __ATOMIC_RELAXED);
	switch_pgd(next == &init_mm ? kernel_pgd : next->pgd);
	/* The CR3 load dropped prev's (non-global) user entries here: no flush needs us now. */
	__atomic_fetch_and(&prev->cpu_mask, ~me, __ATOMIC_RELAXED);
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	flush_tlb_user_range(READ_ONCE(mm->cpu_mask), start, end);
}

/* PTE bits for a page of a VMA with vm_flags; writable only if asked (COW keeps it off). */
pte_t vma_pte_prot(unsigned long vm_flags, bool writable)
{
	pte_t prot = PTE_PRESENT;

	/*
	 * PROT_NONE: the frame stays mapped (so that a later mprotect finds its contents) but as
	 * a supervisor page, which user mode cannot touch at all.
	 */
	if (vm_flags & (VM_READ | VM_WRITE | VM_EXEC))
		prot |= PTE_USER;
	if (writable && (vm_flags & VM_WRITE))
		prot |= PTE_WRITE;
	if (!(vm_flags & VM_EXEC))
		prot |= PTE_NX & supported_pte_mask;
	return prot;
}

int mm_map_anon(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long vm_flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = start + len;
	vma->vm_flags = vm_flags;
	err = vma_insert(&mm->vmas, vma);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	vma_merge(&mm->vmas, vma);
	return 0;
}

/* The page at user address addr of mm (allocated and mapped if missing), or NULL. */
static struct page *mm_get_page(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = vma_lookup(&mm->vmas, addr);
	struct page *page = NULL, *spare;
	pte_t *pte;

	if (!vma)
		return NULL;
	spare = alloc_page(GFP_KERNEL | __GFP_ZERO); /* before the spinlock: this may sleep */
	spin_lock(&mm->page_table_lock);
	pte = user_pte_alloc(mm->pgd, addr);
	if (pte && (*pte & PTE_PRESENT)) {
		page = pfn_to_page(PFN_DOWN(*pte & PTE_ADDR_MASK));
	} else if (pte && spare) {
		page = spare;
		spare = NULL;
		*pte = page_to_phys(page) | vma_pte_prot(vma->vm_flags, true);
	}
	spin_unlock(&mm->page_table_lock);
	if (spare)
		put_page(spare);
	return page;
}

int mm_fill(struct mm_struct *mm, unsigned long addr, const void *src, size_t len)
{
	while (len) {
		unsigned long off = addr & (PAGE_SIZE - 1);
		size_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		struct page *page = mm_get_page(mm, addr);

		if (!page)
			return vma_lookup(&mm->vmas, addr) ? -ENOMEM : -EFAULT;
		memcpy((u8 *)page_address(page) + off, src, n);
		addr += n;
		src = (const u8 *)src + n;
		len -= n;
	}
	return 0;
}

/* A VMA left the tree: its pages and empty page tables go too, once every CPU has flushed. */
static void zap_vma(struct vm_area_struct *vma, void *arg)
{
	struct mmu_gather *tlb = arg;

	spin_lock(&tlb->mm->page_table_lock);
	user_range_clear(tlb->mm->pgd, vma->vm_start, vma->vm_end, tlb_gather_pte,
			 tlb_gather_table, tlb);
	spin_unlock(&tlb->mm->page_table_lock);
}

int mm_unmap(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;
	int err;

	tlb_gather_init(&tlb, mm, start, end);
	err = vma_unmap_range(&mm->vmas, start, end, zap_vma, &tlb);
	tlb_finish(&tlb); /* before any frame or table is reused */
	return err;
}

unsigned long mm_user_tables(struct mm_struct *mm)
{
	return user_table_count(mm->pgd);
}

/* Share one present PTE of a private mapping with the child: both lose write access. */
static void cow_share_pte(pte_t *parent, pte_t *child)
{
	get_page(pfn_to_page(PFN_DOWN(*parent & PTE_ADDR_MASK)));
	*parent &= ~(pte_t)PTE_WRITE;
	*child = *parent;
}

struct copy_ptes_args {
	struct mm_struct *dst;
	const struct vm_area_struct *vma;
};

/* One present PTE of the parent's VMA into the child's tables. 0 or -ENOMEM. */
static int copy_one_pte(pte_t *from, unsigned long va, void *arg)
{
	struct copy_ptes_args *c = arg;
	pte_t *to = user_pte_alloc(c->dst->pgd, va);

	if (!to)
		return -ENOMEM;
	if (c->vma->vm_flags & VM_SHARED) {
		get_page(pfn_to_page(PFN_DOWN(*from & PTE_ADDR_MASK)));
		*to = *from;
	} else {
		cow_share_pte(from, to);
	}
	return 0;
}

/*
 * Copy the page-table entries of one VMA into the child's tables. Only the tables that exist
 * are visited, so a huge VMA that is mostly untouched costs what its present pages cost.
 */
static int copy_vma_ptes(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	struct copy_ptes_args c = { dst, vma };

	return user_range_walk(src->pgd, vma->vm_start, vma->vm_end, copy_one_pte, &c);
}

/* Copy every VMA and its page-table entries; src's mmap_lock is held for writing. */
static int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *vma;
	int err = 0;

	for_each_vma (&oldmm->vmas, vma) {
		struct vm_area_struct *copy = vm_area_dup(vma);

		if (!copy)
			return -ENOMEM;
		copy->vm_mm = mm;
		err = vma_insert(&mm->vmas, copy);
		if (err) {
			vm_area_free(copy);
			return err;
		}
		spin_lock(&oldmm->page_table_lock);
		err = copy_vma_ptes(mm, oldmm, vma);
		spin_unlock(&oldmm->page_table_lock);
		if (err)
			return err;
	}
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	int err;

	if (!mm)
		return NULL;
	down_write(&oldmm->mmap_lock);
	err = dup_mmap(mm, oldmm);
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	/*
	 * The parent's private pages just became read-only: no CPU may keep writing them. Before
	 * the lock goes: a write fault of another thread could otherwise copy a page while a third
	 * still writes the original through a stale writable entry, and those writes would land in
	 * the child's page.
	 */
	flush_tlb_mm_range(oldmm, 0, USER_ADDR_END);
	up_write(&oldmm->mmap_lock);
	if (err) {
		mmput(mm); /* what was copied is torn down like any address space */
		return NULL;
	}
	return mm;
}
