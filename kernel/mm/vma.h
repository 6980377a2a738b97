/* SPDX-License-Identifier: MIT */
/*
 * Virtual memory areas (VMAs): the map of a user address space.
 *
 * A VMA is a run of pages [vm_start, vm_end) that share one set of permissions and one backing
 * object. The VMAs of an address space never overlap and sit in a red-black tree (lib/rbtree.h)
 * ordered by address, so the page-fault handler finds the VMA of an address in O(log n). This
 * file only keeps that map; it never touches page tables or pages. The range operations
 * (vma_unmap_range, vma_protect_range) do to the map what munmap(2) and mprotect(2) do, and tell
 * the caller which ranges went away so it can zap their page-table entries.
 *
 * The tree is kept maximally merged by every operation here except vma_insert() and
 * vma_split() (whose callers ask for exactly that split): no two neighbours that touch could be
 * one VMA (vma_merge() says when they could). mmap is vma_unmap_range() of the range (for
 * MAP_FIXED), then vm_area_alloc(), vma_insert() and vma_merge(); brk grows the same way.
 *
 * Locking: a struct vma_tree is embedded in its mm_struct and protected by that mm's mmap_lock.
 * Nothing here locks: lookups need the lock held for reading, changes for writing, and the
 * VMAs returned stay valid only while it is held. The VMA slab cache itself is safe anywhere.
 *
 * Addresses and lengths are page aligned everywhere; a misaligned or empty range is -EINVAL,
 * so system calls may pass user values straight through after their own checks.
 * docs/address-spaces.md ("VMAs") has the pictures.
 */
#ifndef KERNEL_MM_VMA_H
#define KERNEL_MM_VMA_H

#include <asm/layout.h>

#include "lib/rbtree.h"
#include "lib/types.h"

struct file;
struct mm_struct;

/* vm_flags, with Linux's names and values. */
#define VM_NONE	     0x00000000ul
#define VM_READ	     0x00000001ul /* pages may be read */
#define VM_WRITE     0x00000002ul /* ... written */
#define VM_EXEC	     0x00000004ul /* ... executed */
#define VM_SHARED    0x00000008ul /* writes are seen by other mappings of the object */
#define VM_MAYREAD   0x00000010ul /* mprotect() may turn VM_READ on */
#define VM_MAYWRITE  0x00000020ul /* ... VM_WRITE */
#define VM_MAYEXEC   0x00000040ul /* ... VM_EXEC */
#define VM_MAYSHARE  0x00000080ul /* mapped MAP_SHARED (even if VM_SHARED is off) */
#define VM_GROWSDOWN 0x00000100ul /* a stack: faults just below it extend it */

/* The bits mprotect() changes; the VM_MAY* bits sit 4 places above them. */
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

/*
 * One mapped range. Every field is protected by vm_mm's mmap_lock (read to look, write to
 * change). Page-table protection bits are not cached here: the page-table code derives them from
 * vm_flags when it needs them, so mprotect has one thing to change, not two.
 */
struct vm_area_struct {
	unsigned long vm_start;	 /* first address, page aligned */
	unsigned long vm_end;	 /* first address after the area, page aligned */
	unsigned long vm_flags;	 /* VM_* */
	struct mm_struct *vm_mm; /* the address space this belongs to (not a reference) */
	/*
	 * What the pages come from: NULL for private anonymous memory. Only compared here, never
	 * dereferenced, and no reference is taken: when files are refcounted, vm_area_dup() and
	 * vm_area_free() are where the get and put go (every copy and free of a VMA passes there).
	 */
	struct file *vm_file;
	unsigned long vm_pgoff; /* vm_file's page at vm_start; moves with vm_start on a split */
	struct rb_node vm_rb;	/* in vm_mm's vma_tree, by address */
};

/* The VMAs of one address space. Protected by the owning mm's mmap_lock. */
struct vma_tree {
	struct rb_root root; /* struct vm_area_struct, by vm_start */
	int map_count;	     /* VMAs in the tree */
};

#define VMA_TREE_INIT                                                                              \
	(struct vma_tree)                                                                          \
	{                                                                                          \
		.root = RB_ROOT, .map_count = 0                                                    \
	}

/* Called for each VMA taken out of a tree (see vma_unmap_range() and vma_tree_destroy()). */
typedef void (*vma_unmap_fn)(struct vm_area_struct *vma, void *arg);

/* ---- Allocation: a slab cache of its own, created on first use --------------------------- */

/*
 * Create the cache now (boot). Optional: the first allocation would; doing it at boot keeps the
 * cache out of what the first process appears to allocate (the leak check at init's exit).
 */
void vma_cache_init(void);
/* A zeroed VMA belonging to mm and in no tree, or NULL if memory is short. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
/* A copy of orig (fork, split) in no tree, or NULL if memory is short. */
struct vm_area_struct *vm_area_dup(const struct vm_area_struct *orig);
/* Free a VMA that is in no tree. */
void vm_area_free(struct vm_area_struct *vma);
/* VMAs allocated now, in all address spaces: leak checks compare it before and after. */
unsigned long nr_vm_areas(void);

/* ---- Lookups: mmap_lock held for reading or writing --------------------------------------- */

static inline void vma_tree_init(struct vma_tree *tree)
{
	*tree = VMA_TREE_INIT;
}

static inline bool vma_tree_empty(const struct vma_tree *tree)
{
	return RB_EMPTY_ROOT(&tree->root);
}

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* The first VMA with vm_end > addr (it may start above addr), or NULL: Linux's find_vma(). */
struct vm_area_struct *vma_find(const struct vma_tree *tree, unsigned long addr);
/* The VMA containing addr, or NULL. */
struct vm_area_struct *vma_lookup(const struct vma_tree *tree, unsigned long addr);
/* The lowest VMA that overlaps [start, end), or NULL. */
struct vm_area_struct *vma_find_intersection(const struct vma_tree *tree, unsigned long start,
					     unsigned long end);
/* The lowest / highest VMA, or NULL if there is none. */
struct vm_area_struct *vma_first(const struct vma_tree *tree);
struct vm_area_struct *vma_last(const struct vma_tree *tree);
/* The next / previous VMA by address, or NULL at the end. */
struct vm_area_struct *vma_next(const struct vm_area_struct *vma);
struct vm_area_struct *vma_prev(const struct vm_area_struct *vma);

/* Every VMA in address order. The body must not change the tree. */
#define for_each_vma(tree, vma) for ((vma) = vma_first(tree); (vma); (vma) = vma_next(vma))

/* Every VMA that overlaps [start, end), in address order. The body must not change the tree. */
#define for_each_vma_range(tree, vma, start, end)                                                  \
	for ((vma) = vma_find_intersection((tree), (start), (end));                                \
	     (vma) && (vma)->vm_start < (end); (vma) = vma_next(vma))

/*
 * A free range of len bytes for mmap inside [low, high): the hint if [hint, hint + len) (hint
 * rounded up to a page) is free and inside, else the highest free range (top down, as Linux's
 * x86-64 layout: mappings grow down from below the stack). Returns its start, or
 * (unsigned long)-ENOMEM if nothing fits, or -EINVAL for an empty or misaligned len, low or high.
 * O(n) in the number of VMAs above the result.
 */
unsigned long vma_find_free(const struct vma_tree *tree, unsigned long len, unsigned long hint,
			    unsigned long low, unsigned long high);

/* ---- Changes: mmap_lock held for writing -------------------------------------------------- */

/*
 * Link vma (in no tree, [vm_start, vm_end) set) into tree. 0, -EEXIST if it overlaps a VMA
 * there, -EINVAL for an empty or misaligned range. Never merges: call vma_merge() for that.
 */
int vma_insert(struct vma_tree *tree, struct vm_area_struct *vma);

/* Unlink vma from tree without freeing it. */
void vma_remove(struct vma_tree *tree, struct vm_area_struct *vma);

/*
 * Cut vma in two at addr (vm_start < addr < vm_end, page aligned). The new piece, a copy with
 * vm_pgoff adjusted, is the part below addr if new_below, else the part from addr on; vma keeps
 * the other part. 0, -ENOMEM (vma untouched), or -EINVAL for a bad addr. Does not merge.
 */
int vma_split(struct vma_tree *tree, struct vm_area_struct *vma, unsigned long addr,
	      bool new_below);

/*
 * Can prev and next (prev just below) be one VMA? They must touch and have the same flags and
 * vm_file, and for a file the pages must follow on (prev's last vm_pgoff + 1 == next's).
 */
bool vma_can_merge(const struct vm_area_struct *prev, const struct vm_area_struct *next);

/*
 * Merge vma, which is in tree, with its neighbours where vma_can_merge() allows. Returns the VMA
 * that now covers vma's range: vma itself, or its previous neighbour (vma is then freed). Any
 * neighbour absorbed is freed.
 */
struct vm_area_struct *vma_merge(struct vma_tree *tree, struct vm_area_struct *vma);

/*
 * Stack growth: lower vma's vm_start to addr. vma must be VM_GROWSDOWN; addr page aligned and
 * below vm_start. -ENOMEM if the stack would come closer than one page to the VMA below (so it
 * never merges with it) or a file's vm_pgoff would go below 0. Limits are the caller's policy.
 */
int vma_expand_down(struct vma_tree *tree, struct vm_area_struct *vma, unsigned long addr);

/*
 * munmap's effect on the tree: split the VMAs that straddle start or end, then take out every
 * VMA inside [start, end), calling fn(vma, arg) for each (if fn is not NULL) and freeing it. When
 * fn runs, the VMA, trimmed to the part being removed, is out of the tree and the rest of the tree
 * is consistent (fn may look things up, not change them). Unmapping a hole is not an error.
 * 0, -EINVAL for a bad range, or -ENOMEM if a split could not allocate, and then nothing changed.
 */
int vma_unmap_range(struct vma_tree *tree, unsigned long start, unsigned long end, vma_unmap_fn fn,
		    void *arg);

/*
 * mprotect's effect on the tree: give every VMA in [start, end) the access bits newflags (a
 * subset of VM_ACCESS_FLAGS; each VMA keeps its other flags), splitting at start and end where
 * the flags change and merging what then can be. Errors leave the tree as it was: -EINVAL for a
 * bad range or other bits in newflags, -ENOMEM if part of the range is not mapped (then this
 * test comes first) or a split could not allocate, -EACCES if a VMA's VM_MAY* bits forbid it.
 * (Linux changes the VMAs up to the first problem; this changes nothing, which is easier to use.)
 * The caller then updates the page tables of [start, end) from the VMAs' new flags.
 */
int vma_protect_range(struct vma_tree *tree, unsigned long start, unsigned long end,
		      unsigned long newflags);

/* Take out every VMA, lowest first, calling fn(vma, arg) (if not NULL) before freeing each. */
void vma_tree_destroy(struct vma_tree *tree, vma_unmap_fn fn, void *arg);

/* ---- Tests ------------------------------------------------------------------------------- */

/*
 * Make the nth VMA allocation from now fail (1: the next one); 0 turns this off. For tests of
 * the -ENOMEM paths; it is not SMP safe, so nothing else may allocate VMAs meanwhile.
 */
void vm_area_fail_nth(unsigned int nth);

#endif
