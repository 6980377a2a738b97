/* SPDX-License-Identifier: MIT */
/*
 * vmalloc: memory that is contiguous in virtual addresses but made of any physical pages, in the
 * vmalloc area [VMALLOC_START, VMALLOC_END). Every area is surrounded by unmapped guard pages,
 * one below and one above, so running off either end faults at once instead of corrupting a
 * neighbour. Kernel stacks live here for that reason: an overflow hits the guard page below.
 *
 * Areas are kept on a list sorted by address and placed first-fit. The list is protected by
 * vmap_lock; the pages of an area belong to the area's owner between vmalloc and vfree. The page
 * tables do not: one level-1 table maps 2 MiB, dozens of kernel stacks, so every change to the
 * area's page tables is made under vmap_pgtable_lock (see there).
 */
#include "kernel/mm/mm.h"

#include <asm/pgtable.h>
#include <asm/tlbflush.h>

#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/mutex.h"
#include "kernel/workqueue/workqueue.h"

struct vm_area {
	struct list_head list; /* vmap_areas, sorted by start */
	unsigned long start;   /* the guard page below the mapping */
	unsigned long end;     /* just past the guard page above */
	unsigned long nr_pages;
	struct page **pages;
};

static LIST_HEAD(vmap_areas);
static DEFINE_SPINLOCK(vmap_lock);
/*
 * Mapping and unmapping in the vmalloc area, TLB flush included. Page tables are shared between
 * areas, and unmap_pages() frees a table once it is empty: unserialized, a vfree() could free the
 * table another CPU's vmalloc() was filling (the new mapping silently lost: a new task then
 * faulted on its own kernel stack), or two vmalloc()s could each install a table for the same
 * slot. Held across the flush, so that no new mapping goes into a freed table's range while
 * another CPU may still cache the path to that table. A mutex: vmalloc and vfree (outside
 * interrupts, see vfree_deferred()) run in task context.
 */
static DEFINE_MUTEX(vmap_pgtable_lock);

static unsigned long area_addr(const struct vm_area *a)
{
	return a->start + PAGE_SIZE;
}

/* Reserve span bytes of address space, first fit; links a into the list. */
static bool reserve_range(struct vm_area *a, unsigned long span)
{
	unsigned long pos = VMALLOC_START, flags;
	struct vm_area *next;
	bool ok = false;

	spin_lock_irqsave(&vmap_lock, flags);
	list_for_each_entry (next, &vmap_areas, list) {
		if (next->start - pos >= span)
			break;
		pos = next->end;
	}
	/* list_for_each_entry ends with next at the head itself: then pos is after the last area. */
	if (&next->list != &vmap_areas || VMALLOC_END - pos >= span) {
		a->start = pos;
		a->end = pos + span;
		list_add_tail(&a->list, &next->list); /* before next: the list stays sorted */
		ok = true;
	}
	spin_unlock_irqrestore(&vmap_lock, flags);
	return ok;
}

static void release_range(struct vm_area *a)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock, flags);
	list_del(&a->list);
	spin_unlock_irqrestore(&vmap_lock, flags);
}

/*
 * Unmap, make every CPU forget the mapping (a task's stack, say, may have been used on another
 * CPU), and only then give the pages back: before that, a stale TLB entry elsewhere could still
 * write into a page that already belongs to someone else.
 */
static void free_area_pages(struct vm_area *a)
{
	mutex_lock(&vmap_pgtable_lock);
	unmap_pages(kernel_pgd, area_addr(a), a->nr_pages * PAGE_SIZE);
	flush_tlb_kernel_range(area_addr(a), area_addr(a) + a->nr_pages * PAGE_SIZE);
	mutex_unlock(&vmap_pgtable_lock);
	for (unsigned long i = 0; i < a->nr_pages; i++)
		if (a->pages[i])
			__free_pages(a->pages[i], 0);
}

static bool populate(struct vm_area *a)
{
	bool ok = true;

	for (unsigned long i = 0; i < a->nr_pages && ok; i++) {
		a->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!a->pages[i])
			return false;
		mutex_lock(&vmap_pgtable_lock);
		ok = !map_pages(kernel_pgd, area_addr(a) + i * PAGE_SIZE, page_to_phys(a->pages[i]),
				PAGE_SIZE, PAGE_KERNEL);
		mutex_unlock(&vmap_pgtable_lock);
	}
	return ok;
}

void *vmalloc(size_t size)
{
	struct vm_area *a;

	/* Not from atomic context: vmalloc will sleep for memory one day (might_sleep() then). */
	if (size == 0)
		return NULL;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NULL;
	a->nr_pages = PFN_UP(size);
	a->pages = kzalloc(a->nr_pages * sizeof(*a->pages), GFP_KERNEL);
	if (!a->pages || !reserve_range(a, (a->nr_pages + 2) * PAGE_SIZE))
		goto fail_meta;
	if (!populate(a))
		goto fail_pages;
	return (void *)area_addr(a);

fail_pages:
	free_area_pages(a);
	release_range(a);
fail_meta:
	kfree(a->pages);
	kfree(a);
	return NULL;
}

static struct vm_area *find_area(unsigned long addr)
{
	struct vm_area *a;

	list_for_each_entry (a, &vmap_areas, list)
		if (addr >= a->start && addr < a->end)
			return a;
	return NULL;
}

/*
 * vfree() in interrupt context (an RCU callback freeing a dead task's stack, say) cannot wait
 * for the other CPUs to flush their TLBs. Such areas are chained through their own first word,
 * which nobody uses any more, and a work item frees them in task context.
 */
static DEFINE_SPINLOCK(deferred_lock);
static void **deferred_areas; /* under deferred_lock */
static unsigned long deferred_count, deferred_done;

static void vfree_deferred_fn(struct work_struct *work)
{
	unsigned long flags;
	void **list;

	spin_lock_irqsave(&deferred_lock, flags);
	list = deferred_areas;
	deferred_areas = NULL;
	spin_unlock_irqrestore(&deferred_lock, flags);
	while (list) {
		void **next = *list;

		vfree(list);
		__atomic_add_fetch(&deferred_done, 1, __ATOMIC_RELAXED);
		list = next;
	}
}

static struct work_struct vfree_work = {
	.entry = LIST_HEAD_INIT(vfree_work.entry),
	.func = vfree_deferred_fn,
};

static void vfree_deferred(void *addr)
{
	unsigned long flags;

	spin_lock_irqsave(&deferred_lock, flags);
	*(void **)addr = deferred_areas;
	deferred_areas = addr;
	spin_unlock_irqrestore(&deferred_lock, flags);
	__atomic_add_fetch(&deferred_count, 1, __ATOMIC_RELAXED);
	schedule_work(&vfree_work);
}

void vfree_deferred_stats(unsigned long *deferred, unsigned long *done)
{
	*deferred = READ_ONCE(deferred_count);
	*done = READ_ONCE(deferred_done);
}

void vfree(const void *addr)
{
	struct vm_area *a;
	unsigned long flags;

	if (!addr)
		return;
	spin_lock_irqsave(&vmap_lock, flags);
	a = find_area((unsigned long)addr);
	spin_unlock_irqrestore(&vmap_lock, flags);
	if (!a || area_addr(a) != (unsigned long)addr) {
		pr_err("vfree: %p is not the start of a vmalloc area\n", addr);
		__warn(__FILE__, __LINE__, "refused to free it");
		return;
	}
	if (in_interrupt() || irqs_disabled()) {
		vfree_deferred((void *)addr);
		return;
	}
	free_area_pages(a);
	release_range(a); /* only now may the addresses be handed out again */
	kfree(a->pages);
	kfree(a);
}

void *vmalloc_stack(size_t size)
{
	return vmalloc(size); /* every area has a guard page below it */
}

bool vmalloc_guard_page(unsigned long addr)
{
	struct vm_area *a;
	bool guard = false;

	/* Called from the double fault handler: never wait for the lock. */
	if (addr < VMALLOC_START || addr >= VMALLOC_END || !spin_trylock(&vmap_lock))
		return false;
	a = find_area(addr);
	if (a)
		guard = addr < area_addr(a) || addr >= area_addr(a) + a->nr_pages * PAGE_SIZE;
	spin_unlock(&vmap_lock);
	return guard;
}
