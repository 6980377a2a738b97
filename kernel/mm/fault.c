/* SPDX-License-Identifier: MIT */
/*
 * Page faults in user address spaces (kernel/mm/mm_types.h has the contract).
 *
 * A fault is one of three things:
 *	- a page never touched (no PTE): give it a zeroed page (demand-zero anonymous memory);
 *	- a write to a read-only PTE in a writable private VMA: copy-on-write after fork. If no
 *	  one else holds the page any more, just make it writable again; else copy it;
 *	- anything else (no VMA, a write to a read-only VMA, an execute of a non-exec VMA): an error
 *	  the caller turns into SIGSEGV (user mode) or -EFAULT (a uaccess copy).
 * An address just below a stack VMA (VM_GROWSDOWN) grows the stack, up to STACK_LIMIT.
 */
#include "kernel/mm/mm_types.h"

#include "lib/errno.h"
#include "lib/string.h"

static bool access_allowed(const struct vm_area_struct *vma, unsigned int flags)
{
	if (flags & FAULT_FLAG_WRITE)
		return vma->vm_flags & VM_WRITE;
	if (flags & FAULT_FLAG_EXEC)
		return vma->vm_flags & VM_EXEC;
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC); /* x86 cannot hide readable pages */
}

/* Grow the stack VMA down to cover addr, if the limit allows. mmap_lock held for writing. */
static int grow_stack(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long start = addr & ~(PAGE_SIZE - 1);

	if (vma->vm_end - start > STACK_LIMIT)
		return -EFAULT;
	return vma_expand_down(&mm->vmas, vma, start) ? -EFAULT : 0;
}

/* Fill an empty PTE with a fresh zeroed page. page_table_lock held; page preallocated. */
static void map_zero_page(struct vm_area_struct *vma, pte_t *pte, struct page **page)
{
	*pte = page_to_phys(*page) | vma_pte_prot(vma->vm_flags, true);
	*page = NULL; /* consumed */
}

/*
 * Write to a read-only page of a writable private VMA. A page no one else maps is reused;
 * otherwise its contents go to the preallocated copy, and the old frame is returned in *old:
 * the caller drops it only after the TLB flush, since other CPUs may still read it through
 * the old read-only entry. page_table_lock held.
 */
static void break_cow(struct vm_area_struct *vma, pte_t *pte, struct page **copy,
		      struct page **old)
{
	struct page *frame = pfn_to_page(PFN_DOWN(*pte & PTE_ADDR_MASK));

	if (__atomic_load_n(&frame->refcount, __ATOMIC_ACQUIRE) == 1) {
		*pte |= PTE_WRITE; /* the other sharers are gone: it is ours alone */
		return;
	}
	memcpy(page_address(*copy), page_address(frame), PAGE_SIZE);
	*pte = page_to_phys(*copy) | vma_pte_prot(vma->vm_flags, true);
	*copy = NULL;
	*old = frame;
}

/* The PTE part of a fault, with a page allocated in advance (page_table_lock is a spinlock). */
static int fault_pte(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
		     unsigned int flags, struct page **spare, struct page **old)
{
	pte_t *pte;
	int ret = 0;

	spin_lock(&mm->page_table_lock);
	pte = user_pte_alloc(mm->pgd, addr);
	if (!pte)
		ret = -ENOMEM;
	else if (!(*pte & PTE_PRESENT))
		map_zero_page(vma, pte, spare);
	else if ((flags & FAULT_FLAG_WRITE) && !(*pte & PTE_WRITE))
		break_cow(vma, pte, spare, old);
	/* else: another thread fixed it first, or a stale TLB entry: retrying is enough */
	spin_unlock(&mm->page_table_lock);
	return ret;
}

int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags)
{
	struct page *spare = alloc_page(GFP_KERNEL | __GFP_ZERO), *old = NULL;
	struct vm_area_struct *vma;
	int ret;

	might_sleep();
	if (!spare)
		return -ENOMEM;
	down_write(&mm->mmap_lock); /* write: stack growth changes the tree (simple over fast) */
	vma = vma_find(&mm->vmas, addr);
	if (!vma || addr < MMAP_MIN_ADDR)
		ret = -EFAULT;
	else if (addr < vma->vm_start)
		ret = (vma->vm_flags & VM_GROWSDOWN) ? grow_stack(mm, vma, addr) : -EFAULT;
	else
		ret = 0;
	if (!ret)
		ret = access_allowed(vma, flags) ? fault_pte(mm, vma, addr, flags, &spare, &old)
						 : -EFAULT;
	up_write(&mm->mmap_lock);
	if (spare)
		put_page(spare);
	if (old) {
		/* A COW copy replaced a frame other threads' CPUs may still map read-only. */
		flush_tlb_mm_range(mm, addr, addr + PAGE_SIZE);
		put_page(old);
	}
	return ret;
}
