/* SPDX-License-Identifier: MIT */
/*
 * The VMA tree of an address space (the contract is in vma.h).
 *
 * VMAs are kept in a red-black tree ordered by address. Since they never overlap, ordering by
 * vm_start is the same as ordering by vm_end, and a VMA's bounds may be changed in place as long
 * as it does not reach over a neighbour: that is how splits, merges and stack growth avoid
 * taking nodes out and putting them back.
 *
 * The range operations allocate before they change anything. A split needs a new VMA, and
 * munmap or mprotect of one range needs at most two (one at each end), so they count the splits
 * they will make, allocate that many "spares" first, and only then touch the tree. Running out
 * of memory can thus only happen while the tree is as the caller left it.
 */
#include "kernel/mm/vma.h"

#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "lib/errno.h"

/* ---- The slab cache ------------------------------------------------------------------------- */

/*
 * Created by the first allocation, so no init call has to come before the first address space.
 * Written once, under vm_area_cache_lock; read without it (acquire pairs with the release that
 * published it).
 */
static struct kmem_cache *vm_area_cachep;
static DEFINE_SPINLOCK(vm_area_cache_lock);

/* vm_area_fail_nth(): allocations left until one fails, 0 for none. Tests only, unlocked. */
static unsigned int fail_countdown;

static struct kmem_cache *vm_area_cache(void)
{
	struct kmem_cache *cache = smp_load_acquire(&vm_area_cachep);

	if (likely(cache))
		return cache;
	spin_lock(&vm_area_cache_lock);
	cache = vm_area_cachep; /* another CPU may have won the race */
	if (!cache) {
		cache = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct), 0,
					  SLAB_PANIC, NULL);
		smp_store_release(&vm_area_cachep, cache);
	}
	spin_unlock(&vm_area_cache_lock);
	return cache;
}

void vma_cache_init(void)
{
	vm_area_cache();
}

/* An uninitialised VMA marked as in no tree, or NULL. */
static struct vm_area_struct *vma_alloc_raw(void)
{
	struct vm_area_struct *vma;

	if (unlikely(fail_countdown) && --fail_countdown == 0)
		return NULL;
	vma = kmem_cache_alloc(vm_area_cache(), GFP_KERNEL);
	if (vma)
		RB_CLEAR_NODE(&vma->vm_rb);
	return vma;
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vma_alloc_raw();

	if (vma) {
		*vma = (struct vm_area_struct){ .vm_mm = mm };
		RB_CLEAR_NODE(&vma->vm_rb);
	}
	return vma;
}

/* Every copy of a VMA is made here (fork, split): the place for vm_file's reference one day. */
static void vma_copy(struct vm_area_struct *new, const struct vm_area_struct *orig)
{
	*new = *orig;
	RB_CLEAR_NODE(&new->vm_rb);
}

struct vm_area_struct *vm_area_dup(const struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = vma_alloc_raw();

	if (vma)
		vma_copy(vma, orig);
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	/* Still linked, the tree would point at freed memory. */
	BUG_ON(!RB_EMPTY_NODE(&vma->vm_rb));
	kmem_cache_free(vm_area_cache(), vma);
}

unsigned long nr_vm_areas(void)
{
	struct kmem_cache *cache = smp_load_acquire(&vm_area_cachep);
	struct kmem_cache_stats stats;

	if (!cache)
		return 0;
	kmem_cache_get_stats(cache, &stats);
	return stats.active_objs;
}

void vm_area_fail_nth(unsigned int nth)
{
	WRITE_ONCE(fail_countdown, nth);
}

/* ---- Lookups -------------------------------------------------------------------------------- */

static bool page_aligned(unsigned long addr)
{
	return (addr & (PAGE_SIZE - 1)) == 0;
}

/* A range the operations accept: not empty, page aligned at both ends. */
static bool range_ok(unsigned long start, unsigned long end)
{
	return start < end && page_aligned(start) && page_aligned(end);
}

static struct vm_area_struct *vma_of(struct rb_node *node)
{
	return rb_entry_safe(node, struct vm_area_struct, vm_rb);
}

struct vm_area_struct *vma_find(const struct vma_tree *tree, unsigned long addr)
{
	struct rb_node *node = tree->root.rb_node;
	struct vm_area_struct *found = NULL;

	while (node) {
		struct vm_area_struct *vma = vma_of(node);

		if (vma->vm_end > addr) {
			found = vma; /* a candidate, but one further left may end above addr too */
			if (vma->vm_start <= addr)
				break; /* contains addr: every VMA further left ends at or below it */
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

struct vm_area_struct *vma_lookup(const struct vma_tree *tree, unsigned long addr)
{
	struct vm_area_struct *vma = vma_find(tree, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

struct vm_area_struct *vma_find_intersection(const struct vma_tree *tree, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = vma_find(tree, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/* The highest VMA that starts below addr, or NULL. */
static struct vm_area_struct *vma_last_below(const struct vma_tree *tree, unsigned long addr)
{
	struct rb_node *node = tree->root.rb_node;
	struct vm_area_struct *found = NULL;

	while (node) {
		struct vm_area_struct *vma = vma_of(node);

		if (vma->vm_start < addr) {
			found = vma;
			node = node->rb_right;
		} else {
			node = node->rb_left;
		}
	}
	return found;
}

struct vm_area_struct *vma_first(const struct vma_tree *tree)
{
	return vma_of(rb_first(&tree->root));
}

struct vm_area_struct *vma_last(const struct vma_tree *tree)
{
	return vma_of(rb_last(&tree->root));
}

struct vm_area_struct *vma_next(const struct vm_area_struct *vma)
{
	return vma_of(rb_next(&vma->vm_rb));
}

struct vm_area_struct *vma_prev(const struct vm_area_struct *vma)
{
	return vma_of(rb_prev(&vma->vm_rb));
}

/*
 * Top down: walk the VMAs from the highest one starting below high towards low, and take the
 * first gap (between one VMA's end and the start of the VMA above it, or high) that fits.
 */
static unsigned long find_free_top_down(const struct vma_tree *tree, unsigned long len,
					unsigned long low, unsigned long high)
{
	struct vm_area_struct *vma;
	unsigned long gap_end = high; /* the gap being looked at ends here */

	for (vma = vma_last_below(tree, high); vma; vma = vma_prev(vma)) {
		if (vma->vm_end <= low)
			break; /* the gap from low up to gap_end is the last one */
		/* The first VMA may reach over high: then there is no gap above it. */
		if (vma->vm_end < gap_end && gap_end - vma->vm_end >= len)
			return gap_end - len;
		gap_end = vma->vm_start;
		if (gap_end <= low)
			return (unsigned long)-ENOMEM;
	}
	if (gap_end - low >= len)
		return gap_end - len;
	return (unsigned long)-ENOMEM;
}

unsigned long vma_find_free(const struct vma_tree *tree, unsigned long len, unsigned long hint,
			    unsigned long low, unsigned long high)
{
	if (!len || !page_aligned(len) || !range_ok(low, high))
		return (unsigned long)-EINVAL;
	if (len > high - low)
		return (unsigned long)-ENOMEM;
	hint = ALIGN_UP(hint, PAGE_SIZE); /* a hint in the top page wraps to 0: no hint */
	if (hint && hint >= low && hint <= high - len &&
	    !vma_find_intersection(tree, hint, hint + len))
		return hint;
	return find_free_top_down(tree, len, low, high);
}

/* ---- Linking and unlinking ------------------------------------------------------------------ */

/*
 * The empty child slot where a VMA covering [start, end) belongs (and its parent), or NULL if it
 * would overlap a VMA in the tree. Checking only the nodes on the way down is enough: the slot's
 * in-order neighbours are the last nodes where the walk turned right and left, so they are on
 * the path, and nothing else lies between them.
 */
static struct rb_node **find_link(struct vma_tree *tree, unsigned long start, unsigned long end,
				  struct rb_node **parent)
{
	struct rb_node **link = &tree->root.rb_node;

	*parent = NULL;
	while (*link) {
		struct vm_area_struct *vma = vma_of(*link);

		*parent = *link;
		if (end <= vma->vm_start)
			link = &(*link)->rb_left;
		else if (start >= vma->vm_end)
			link = &(*link)->rb_right;
		else
			return NULL;
	}
	return link;
}

int vma_insert(struct vma_tree *tree, struct vm_area_struct *vma)
{
	struct rb_node *parent, **link;

	BUG_ON(!RB_EMPTY_NODE(&vma->vm_rb)); /* already in a tree */
	if (!range_ok(vma->vm_start, vma->vm_end))
		return -EINVAL;
	link = find_link(tree, vma->vm_start, vma->vm_end, &parent);
	if (!link)
		return -EEXIST;
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_color(&vma->vm_rb, &tree->root);
	tree->map_count++;
	return 0;
}

/* Insert a VMA that must fit: the caller made room for it. */
static void link_vma(struct vma_tree *tree, struct vm_area_struct *vma)
{
	int err = vma_insert(tree, vma);

	BUG_ON(err);
}

void vma_remove(struct vma_tree *tree, struct vm_area_struct *vma)
{
	BUG_ON(RB_EMPTY_NODE(&vma->vm_rb)); /* not in a tree */
	rb_erase(&vma->vm_rb, &tree->root);
	RB_CLEAR_NODE(&vma->vm_rb);
	tree->map_count--;
	BUG_ON(tree->map_count < 0);
}

/* ---- Split and merge ------------------------------------------------------------------------ */

/*
 * Split vma at addr into itself and new (allocated by the caller): new is a copy that takes the
 * part below addr (new_below) or from addr on. vma shrinks first, so the tree stays sorted and
 * new is linked into the room vma left.
 */
static void split_into(struct vma_tree *tree, struct vm_area_struct *vma, unsigned long addr,
		       bool new_below, struct vm_area_struct *new)
{
	unsigned long pgoff_at_addr = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);

	BUG_ON(addr <= vma->vm_start || addr >= vma->vm_end || !page_aligned(addr));
	vma_copy(new, vma);
	if (new_below) {
		new->vm_end = addr;
		vma->vm_start = addr;
		vma->vm_pgoff = pgoff_at_addr;
	} else {
		new->vm_start = addr;
		new->vm_pgoff = pgoff_at_addr;
		vma->vm_end = addr;
	}
	link_vma(tree, new);
}

int vma_split(struct vma_tree *tree, struct vm_area_struct *vma, unsigned long addr, bool new_below)
{
	struct vm_area_struct *new;

	if (!page_aligned(addr) || addr <= vma->vm_start || addr >= vma->vm_end)
		return -EINVAL;
	new = vma_alloc_raw();
	if (!new)
		return -ENOMEM;
	split_into(tree, vma, addr, new_below, new);
	return 0;
}

bool vma_can_merge(const struct vm_area_struct *prev, const struct vm_area_struct *next)
{
	if (prev->vm_end != next->vm_start)
		return false;
	if (prev->vm_flags != next->vm_flags || prev->vm_file != next->vm_file)
		return false;
	/*
	 * Anonymous memory has no offsets to line up: nothing here moves a VMA (there is no
	 * mremap), so touching anonymous VMAs with equal flags are one mapping. Linux gives them
	 * vm_pgoff = vm_start >> PAGE_SHIFT instead and applies the file rule to them too.
	 */
	return !prev->vm_file || prev->vm_pgoff + vma_pages(prev) == next->vm_pgoff;
}

/* prev grows over next, which leaves the tree and is freed. */
static void absorb_next(struct vma_tree *tree, struct vm_area_struct *prev,
			struct vm_area_struct *next)
{
	vma_remove(tree, next);
	prev->vm_end = next->vm_end;
	vm_area_free(next);
}

struct vm_area_struct *vma_merge(struct vma_tree *tree, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma), *next = vma_next(vma);

	BUG_ON(RB_EMPTY_NODE(&vma->vm_rb));
	if (prev && vma_can_merge(prev, vma)) {
		absorb_next(tree, prev, vma);
		vma = prev;
	}
	if (next && vma_can_merge(vma, next))
		absorb_next(tree, vma, next);
	return vma;
}

/*
 * Merge every pair of neighbours whose common boundary lies in [start, end]: after a change
 * confined to [start, end), no other pair can have become mergeable.
 */
static void merge_range(struct vma_tree *tree, unsigned long start, unsigned long end)
{
	/* The first VMA that ends at or above start. */
	struct vm_area_struct *vma = vma_find(tree, start ? start - 1 : 0), *next;

	while (vma && vma->vm_end <= end) {
		next = vma_next(vma);
		if (next && vma_can_merge(vma, next))
			absorb_next(tree, vma, next); /* vma grows; look at its new boundary */
		else
			vma = next;
	}
}

int vma_expand_down(struct vma_tree *tree, struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *prev = vma_prev(vma);
	unsigned long grow;

	if (!(vma->vm_flags & VM_GROWSDOWN) || !page_aligned(addr) || addr >= vma->vm_start)
		return -EINVAL;
	/* A page of gap below keeps the stack out of vma_can_merge()'s reach. */
	if (prev && addr < prev->vm_end + PAGE_SIZE)
		return -ENOMEM;
	grow = (vma->vm_start - addr) >> PAGE_SHIFT;
	if (vma->vm_file) {
		if (vma->vm_pgoff < grow)
			return -ENOMEM;
		vma->vm_pgoff -= grow;
	}
	vma->vm_start = addr; /* in place: it still ends before the next VMA starts */
	return 0;
}

/* ---- Range operations ----------------------------------------------------------------------- */

/* VMAs allocated before a range operation changes anything; at most one per end of the range. */
struct vma_spares {
	struct vm_area_struct *vma[2];
	unsigned int nr;
};

static void spares_drop(struct vma_spares *spares)
{
	while (spares->nr)
		vm_area_free(spares->vma[--spares->nr]);
}

/* Allocate nr spares: 0, or -ENOMEM with none kept. */
static int spares_fill(struct vma_spares *spares, unsigned int nr)
{
	BUG_ON(nr > ARRAY_SIZE(spares->vma));
	spares->nr = 0;
	while (spares->nr < nr) {
		struct vm_area_struct *vma = vma_alloc_raw();

		if (!vma) {
			spares_drop(spares);
			return -ENOMEM;
		}
		spares->vma[spares->nr++] = vma;
	}
	return 0;
}

static struct vm_area_struct *spares_take(struct vma_spares *spares)
{
	BUG_ON(spares->nr == 0); /* the operation counted its splits wrong */
	return spares->vma[--spares->nr];
}

int vma_unmap_range(struct vma_tree *tree, unsigned long start, unsigned long end, vma_unmap_fn fn,
		    void *arg)
{
	struct vm_area_struct *first, *last, *vma, *next;
	struct vma_spares spares;

	if (!range_ok(start, end))
		return -EINVAL;
	first = vma_find_intersection(tree, start, end);
	if (!first)
		return 0;
	last = vma_last_below(tree, end);
	if (spares_fill(&spares, (first->vm_start < start) + (last->vm_end > end)))
		return -ENOMEM;

	/* Cut off the parts outside [start, end); they stay. first may be last: both apply. */
	if (first->vm_start < start)
		split_into(tree, first, start, true, spares_take(&spares));
	if (last->vm_end > end)
		split_into(tree, last, end, false, spares_take(&spares));

	for (vma = first; vma && vma->vm_start < end; vma = next) {
		next = vma_next(vma);
		vma_remove(tree, vma);
		if (fn)
			fn(vma, arg);
		vm_area_free(vma);
	}
	return 0;
}

/* vma's flags once mprotect has given it the access bits newflags. */
static unsigned long protected_flags(const struct vm_area_struct *vma, unsigned long newflags)
{
	return (vma->vm_flags & ~VM_ACCESS_FLAGS) | newflags;
}

/*
 * Before anything changes: is [start, end) all mapped, and do the VM_MAY* bits allow newflags
 * everywhere? Counts the splits the change will need in *splits. 0, -ENOMEM or -EACCES.
 */
static int protect_check(const struct vma_tree *tree, unsigned long start, unsigned long end,
			 unsigned long newflags, unsigned int *splits)
{
	struct vm_area_struct *vma;
	unsigned long mapped_to = start; /* [start, mapped_to) is known to be mapped */
	bool denied = false;

	*splits = 0;
	for (vma = vma_find(tree, start); vma && vma->vm_start < end; vma = vma_next(vma)) {
		if (vma->vm_start > mapped_to)
			return -ENOMEM; /* a hole */
		mapped_to = vma->vm_end;
		/* Each VM_MAYx bit sits 4 above its VM_x bit. */
		if (newflags & ~(vma->vm_flags >> 4))
			denied = true;
		if (protected_flags(vma, newflags) != vma->vm_flags)
			*splits += (vma->vm_start < start) + (vma->vm_end > end);
	}
	if (mapped_to < end)
		return -ENOMEM;
	return denied ? -EACCES : 0;
}

int vma_protect_range(struct vma_tree *tree, unsigned long start, unsigned long end,
		      unsigned long newflags)
{
	struct vm_area_struct *vma;
	struct vma_spares spares;
	unsigned int splits;
	int err;

	if (!range_ok(start, end) || (newflags & ~VM_ACCESS_FLAGS))
		return -EINVAL;
	err = protect_check(tree, start, end, newflags, &splits);
	if (err)
		return err;
	if (spares_fill(&spares, splits))
		return -ENOMEM;

	for (vma = vma_find(tree, start); vma && vma->vm_start < end; vma = vma_next(vma)) {
		unsigned long flags = protected_flags(vma, newflags);

		if (flags == vma->vm_flags)
			continue; /* no split for a VMA that does not change */
		if (vma->vm_start < start)
			split_into(tree, vma, start, true, spares_take(&spares));
		if (vma->vm_end > end)
			split_into(tree, vma, end, false, spares_take(&spares));
		vma->vm_flags = flags;
	}
	BUG_ON(spares.nr != 0); /* protect_check() counted more splits than were made */
	merge_range(tree, start, end);
	return 0;
}

void vma_tree_destroy(struct vma_tree *tree, vma_unmap_fn fn, void *arg)
{
	struct vm_area_struct *vma;

	while ((vma = vma_first(tree))) {
		vma_remove(tree, vma);
		if (fn)
			fn(vma, arg);
		vm_area_free(vma);
	}
	BUG_ON(tree->map_count != 0);
}
