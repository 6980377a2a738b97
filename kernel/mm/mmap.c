/* SPDX-License-Identifier: MIT */
/*
 * The memory system calls: brk, mmap (anonymous: private or shared, fixed or hinted), munmap
 * and mprotect. Each takes the mmap_lock for writing, changes the VMAs (kernel/mm/vma.c does
 * the splitting and merging), and brings the page tables and every CPU's TLB in line.
 */
#include "kernel/mm/mm_types.h"

#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "lib/err.h"
#include "lib/errno.h"

#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_IGNORED   (0x0100 | 0x0800 | 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000)
/* MAP_GROWSDOWN DENYWRITE EXECUTABLE LOCKED NORESERVE POPULATE NONBLOCK: hints we may ignore */

static unsigned long page_align(unsigned long len)
{
	return (len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* The heap: grow with a new (merging) VMA, shrink with an unmap. Returns the new break. */
SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long old_end, new_end, ret;

	down_write(&mm->mmap_lock);
	ret = mm->brk;
	if (brk < mm->start_brk || brk >= MMAP_BASE)
		goto out; /* a query (brk(0)), or out of range: report the current break */
	old_end = page_align(mm->brk);
	new_end = page_align(brk);
	if (new_end > old_end &&
	    (vma_find_intersection(&mm->vmas, old_end, new_end) ||
	     mm_map_anon(mm, old_end, new_end - old_end,
			 VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)))
		goto out; /* in the way of another mapping, or no memory: the break stays */
	if (new_end < old_end && mm_unmap(mm, new_end, old_end))
		goto out;
	ret = mm->brk = brk;
out:
	up_write(&mm->mmap_lock);
	return (long)ret;
}

/*
 * Shared anonymous memory has no object behind it that could hold pages not yet touched, so
 * its pages are all allocated at once: a fork then shares every one of them.
 */
static int populate_shared(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	static const u8 zero[1];

	for (unsigned long a = start; a < start + len; a += PAGE_SIZE) {
		int err = mm_fill(mm, a, zero, 1); /* allocates the (zeroed) page */

		if (err)
			return err;
	}
	return 0;
}

/* Where a new mapping of len bytes goes: addr (MAP_FIXED), the hint if free, or a free range. */
static unsigned long mmap_place(struct mm_struct *mm, unsigned long addr, unsigned long len,
				unsigned long flags)
{
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr % PAGE_SIZE || addr < MMAP_MIN_ADDR || addr + len > STACK_TOP || addr + len < addr)
			return (unsigned long)-EINVAL;
		if (vma_find_intersection(&mm->vmas, addr, addr + len)) {
			if (flags & MAP_FIXED_NOREPLACE)
				return (unsigned long)-EEXIST;
			if (mm_unmap(mm, addr, addr + len))
				return (unsigned long)-ENOMEM;
		}
		return addr;
	}
	return vma_find_free(&mm->vmas, len, addr & ~(PAGE_SIZE - 1), MMAP_MIN_ADDR, MMAP_BASE);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, int, fd, unsigned long, off)
{
	struct mm_struct *mm = current->mm;
	unsigned long type = flags & (MAP_SHARED | MAP_PRIVATE), vm_flags, start;
	int err;

	if (!len || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* file mappings: not supported yet */
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
		      MAP_IGNORED))
		return -EINVAL;
	len = page_align(len);
	if (!len || len > MMAP_BASE)
		return -ENOMEM;
	/*
	 * A shared mapping is populated at once: one larger than free memory would only take
	 * every free page (failing allocations everywhere else meanwhile) before failing itself.
	 */
	if (type == MAP_SHARED && len / PAGE_SIZE > nr_free_pages())
		return -ENOMEM;
	vm_flags = prot_to_vm(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (type == MAP_SHARED)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	down_write(&mm->mmap_lock);
	start = mmap_place(mm, addr, len, flags);
	err = IS_ERR_VALUE(start) ? (int)(long)start : mm_map_anon(mm, start, len, vm_flags);
	if (!err && type == MAP_SHARED)
		err = populate_shared(mm, start, len);
	if (err && !IS_ERR_VALUE(start))
		mm_unmap(mm, start, start + len);
	up_write(&mm->mmap_lock);
	return err ? err : (long)start;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	struct mm_struct *mm = current->mm;
	int err;

	if (addr % PAGE_SIZE || !len || addr >= USER_ADDR_END || page_align(len) > USER_ADDR_END - addr)
		return -EINVAL;
	down_write(&mm->mmap_lock);
	err = mm_unmap(mm, addr, addr + page_align(len));
	up_write(&mm->mmap_lock);
	return err;
}

/* One present PTE of vma after mprotect: its permissions from the VMA's new flags. */
static int protect_pte(pte_t *pte, unsigned long va, void *arg)
{
	const struct vm_area_struct *vma = arg;
	struct page *page = pfn_to_page(PFN_DOWN(*pte & PTE_ADDR_MASK));

	(void)va;
	/* A page another mm still shares copy-on-write must stay read-only. */
	*pte = (*pte & PTE_ADDR_MASK) |
	       vma_pte_prot(vma->vm_flags, (vma->vm_flags & VM_SHARED) || page->refcount == 1);
	return 0;
}

/*
 * Bring the PTEs of [start, end) in line with their VMAs' flags after mprotect. Only the
 * page tables that exist are visited: a huge PROT_NONE reservation made accessible costs
 * nothing per page that was never touched.
 */
static void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma;

	spin_lock(&mm->page_table_lock);
	for_each_vma_range (&mm->vmas, vma, start, end) {
		unsigned long s = vma->vm_start > start ? vma->vm_start : start;
		unsigned long e = vma->vm_end < end ? vma->vm_end : end;

		user_range_walk(mm->pgd, s, e, protect_pte, vma);
	}
	spin_unlock(&mm->page_table_lock);
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len, unsigned long, prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	int err;

	if (start % PAGE_SIZE || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	end = start + page_align(len);
	if (end < start || end > USER_ADDR_END)
		return -ENOMEM;
	if (end == start)
		return 0;
	down_write(&mm->mmap_lock);
	err = vma_protect_range(&mm->vmas, start, end, prot_to_vm(prot));
	if (!err) {
		change_protection(mm, start, end);
		flush_tlb_mm_range(mm, start, end); /* under the lock, as dup_mm explains */
	}
	up_write(&mm->mmap_lock);
	return err;
}
