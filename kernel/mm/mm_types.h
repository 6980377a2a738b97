/* SPDX-License-Identifier: MIT */
/*
 * User address spaces: struct mm_struct, its counters, page faults, and the memory system
 * calls' common code. docs/address-spaces.md tells the story.
 *
 * Two counters keep an mm alive, with Linux's names and meaning:
 *
 *	mm_users  pins the whole address space: its VMAs, pages and page tables. Each thread using
 *	          it holds one (mmget/mmput). The last mmput() tears the space down (exit_mmap)
 *	          and drops the mm_count reference all the users held together.
 *	mm_count  pins the struct and its pgd only (mmgrab/mmdrop). A kernel thread that borrows
 *	          the address space it found on its CPU (lazy TLB) holds one. The last mmdrop()
 *	          frees the pgd, which takes pgd_lock: never from interrupt or softirq context.
 *
 * The third counter of Trefoil's design comes with its own issue; these are the hooks it will
 * sit beside.
 */
#ifndef KERNEL_MM_MM_TYPES_H
#define KERNEL_MM_MM_TYPES_H

#include <asm/mmu_context.h>

#include "kernel/locking/refcount.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vma.h"
#include "kernel/sched/rwsem.h"

#define STACK_TOP	 0x00007ffffffde000ul /* the user stack grows down from here */
#define STACK_LIMIT	 (8ul << 20)	      /* how far it may grow (RLIMIT_STACK's default) */
#define STACK_INITIAL	 (128ul << 10)	      /* mapped at exec; the rest grows on demand */
#define MMAP_MIN_ADDR	 0x10000ul	      /* nothing is ever mapped below (NULL + offset) */
#define MMAP_BASE	 (STACK_TOP - STACK_LIMIT - PAGE_SIZE) /* mmap() grows down from here */

struct mm_struct {
	pte_t *pgd;		       /* user half private, kernel half shared */
	refcount_t mm_users;	       /* pins the address space (see above) */
	refcount_t mm_count;	       /* pins the struct and pgd; all users together hold one */
	struct rw_semaphore mmap_lock; /* vmas and the layout fields below */
	struct vma_tree vmas;
	spinlock_t page_table_lock; /* the user page tables, and COW decisions on their pages */
	unsigned long cpu_mask;	    /* CPUs that may cache its translations; atomic bit ops */

	unsigned long start_code, end_code, start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
};

/* The kernel's own address space: what kernel threads run in before any user process. */
extern struct mm_struct init_mm;

/* A new, empty address space (one user, one count). NULL without memory. Task context. */
struct mm_struct *mm_alloc(void);

static inline void mmget(struct mm_struct *mm)
{
	refcount_inc(&mm->mm_users);
}

static inline bool mmget_not_zero(struct mm_struct *mm)
{
	return refcount_inc_not_zero(&mm->mm_users);
}

/* Drop a user; the last one tears the address space down. Task context: it sleeps. */
void mmput(struct mm_struct *mm);

static inline void mmgrab(struct mm_struct *mm)
{
	refcount_inc(&mm->mm_count);
}

/* Drop a count; the last one frees the pgd (pgd_lock) and the struct. Task context. */
void mmdrop(struct mm_struct *mm);

/* Copy the parent's address space for fork: private pages become copy-on-write in both. */
struct mm_struct *dup_mm(struct mm_struct *oldmm);

/* Make next this CPU's address space (the scheduler calls it; interrupts off). */
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

/* Flush [start, end) of mm from every CPU that may cache it. */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end);

/* page-fault flags */
#define FAULT_FLAG_WRITE (1u << 0)
#define FAULT_FLAG_EXEC	 (1u << 1)
#define FAULT_FLAG_USER	 (1u << 2) /* from user mode (else from a uaccess copy) */

/* Resolve a fault at addr in mm: 0, or -EFAULT (no VMA, or not allowed), -ENOMEM. Task context. */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags);

/* Map a new anonymous VMA [start, start + len) with vm_flags (exec, brk, mmap). mmap_lock held. */
int mm_map_anon(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long vm_flags);
/*
 * Copy len bytes from the kernel buffer src to user address addr of mm, which need not be the
 * running address space (exec builds one before switching to it). The range must lie in VMAs;
 * missing pages are allocated. mmap_lock held for writing. 0, -EFAULT or -ENOMEM.
 */
int mm_fill(struct mm_struct *mm, unsigned long addr, const void *src, size_t len);
/* Unmap [start, end): VMAs, pages and page tables. mmap_lock held for writing. */
int mm_unmap(struct mm_struct *mm, unsigned long start, unsigned long end);

/* Page-table pages of mm's user half (for leak checks and tests). */
unsigned long mm_user_tables(struct mm_struct *mm);
/* The PTE bits for a page of a VMA with vm_flags (writable only if asked and VM_WRITE). */
pte_t vma_pte_prot(unsigned long vm_flags, bool writable);

#endif
