/* SPDX-License-Identifier: MIT */
/*
 * Tests of the VMA tree: fixed cases for each operation at its edges, then thousands of random
 * mmap/munmap/mprotect-like operations checked against a model that simply records each page's
 * state, with allocation failures injected along the way.
 *
 * Nothing here touches memory at the addresses used: a VMA tree is only a map of numbers. Every
 * case destroys its trees, and the leak checks compare nr_vm_areas() before and after.
 */
#include "kernel/mm/vma.h"

#include "kernel/ktest/ktest.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Page n of the test address range (an arbitrary user address). */
#define BASE  0x10000000ul
#define P(n)  (BASE + PAGE_SIZE * (unsigned long)(n))
#define MAY   (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define FL_R  (VM_READ | MAY)
#define FL_RW (VM_READ | VM_WRITE | MAY)
#define FL_RX (VM_READ | VM_EXEC | MAY)

/* Stand-ins for files: only their addresses matter, the tree never looks inside. */
static char fake_files[2];
#define FILE_A ((struct file *)&fake_files[0])
#define FILE_B ((struct file *)&fake_files[1])

/* What one VMA should look like. pgoff is only compared for a file. */
struct span {
	unsigned long start, end, flags;
	struct file *file;
	unsigned long pgoff;
};

/* An anonymous span from page a to page b. */
#define S(a, b, f)                                                                                 \
	{                                                                                          \
		P(a), P(b), f, NULL, 0                                                             \
	}

static bool span_is(const struct vm_area_struct *vma, const struct span *want)
{
	return vma->vm_start == want->start && vma->vm_end == want->end &&
	       vma->vm_flags == want->flags && vma->vm_file == want->file &&
	       (!want->file || vma->vm_pgoff == want->pgoff);
}

/*
 * The tree holds exactly the VMAs in want[0..n), in order, none mergeable with its neighbour.
 * Reports the first difference with the caller's line.
 */
static bool check_layout(struct ktest *t, int line, const struct vma_tree *tree,
			 const struct span *want, int n)
{
	struct vm_area_struct *vma, *prev = NULL;
	int i = 0;

	for_each_vma (tree, vma) {
		if (i == n || !span_is(vma, &want[i])) {
			ktest_fail(t, __FILE__, line, "VMA %d is [%#lx, %#lx) flags %#lx", i,
				   vma->vm_start, vma->vm_end, vma->vm_flags);
			if (i == n)
				ktest_fail(t, __FILE__, line, "expected no more VMAs");
			if (i < n)
				ktest_fail(t, __FILE__, line, "expected [%#lx, %#lx) flags %#lx",
					   want[i].start, want[i].end, want[i].flags);
			return false;
		}
		if (prev && vma_can_merge(prev, vma)) {
			ktest_fail(t, __FILE__, line, "VMAs at %#lx and %#lx should have merged",
				   prev->vm_start, vma->vm_start);
			return false;
		}
		prev = vma;
		i++;
	}
	if (i != n || tree->map_count != n) {
		ktest_fail(t, __FILE__, line, "%d VMAs (map_count %d), expected %d", i,
			   tree->map_count, n);
		return false;
	}
	return true;
}

#define EXPECT_LAYOUT(t, tree, ...)                                                                \
	do {                                                                                       \
		static const struct span __want[] = { __VA_ARGS__ };                               \
		check_layout(t, __LINE__, tree, __want, (int)ARRAY_SIZE(__want));                  \
	} while (0)

#define EXPECT_EMPTY(t, tree) check_layout(t, __LINE__, tree, NULL, 0)

static void fill(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		 unsigned long flags, struct file *file, unsigned long pgoff)
{
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_file = file;
	vma->vm_pgoff = pgoff;
}

/* What mmap does with the tree: a new VMA for [start, end), linked and merged. */
static int map(struct vma_tree *tree, unsigned long start, unsigned long end, unsigned long flags,
	       struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(NULL);
	int err;

	if (!vma)
		return -ENOMEM;
	fill(vma, start, end, flags, file, pgoff);
	err = vma_insert(tree, vma);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	vma_merge(tree, vma);
	return 0;
}

/* mmap with MAP_FIXED: whatever was in the range goes first. All or nothing. */
static int map_fixed(struct vma_tree *tree, unsigned long start, unsigned long end,
		     unsigned long flags, struct file *file, unsigned long pgoff)
{
	struct vm_area_struct *vma = vm_area_alloc(NULL);
	int err;

	if (!vma)
		return -ENOMEM;
	err = vma_unmap_range(tree, start, end, NULL, NULL);
	if (!err) {
		fill(vma, start, end, flags, file, pgoff);
		err = vma_insert(tree, vma);
	}
	if (err) {
		vm_area_free(vma);
		return err;
	}
	vma_merge(tree, vma);
	return 0;
}

static int map_anon(struct vma_tree *tree, unsigned long a, unsigned long b, unsigned long flags)
{
	return map(tree, P(a), P(b), flags, NULL, 0);
}

/* The unmap callback's record of what it was given. */
struct unmap_log {
	int calls;
	int still_linked; /* VMAs handed over while still in the tree: must stay 0 */
	unsigned long pages;
	struct span removed[8];
};

static void log_unmap(struct vm_area_struct *vma, void *arg)
{
	struct unmap_log *log = arg;

	if (log->calls < (int)ARRAY_SIZE(log->removed))
		log->removed[log->calls] = (struct span){ vma->vm_start, vma->vm_end, vma->vm_flags,
							  vma->vm_file, vma->vm_pgoff };
	log->calls++;
	log->still_linked += !RB_EMPTY_NODE(&vma->vm_rb);
	log->pages += vma_pages(vma);
}

/* ---- Allocation, insertion and lookup ------------------------------------------------------- */

static void alloc_and_dup_give_unlinked_vmas(struct ktest *t)
{
	unsigned long before = nr_vm_areas();
	struct mm_struct *mm = (struct mm_struct *)fake_files; /* only stored, never used */
	struct vm_area_struct *vma = vm_area_alloc(mm), *copy;

	KT_ASSERT_NOT_NULL(t, vma);
	KT_EXPECT_TRUE(t, vma->vm_mm == mm);
	KT_EXPECT_EQ(t, vma->vm_start | vma->vm_end | vma->vm_flags | vma->vm_pgoff, 0);
	KT_EXPECT_NULL(t, vma->vm_file);
	KT_EXPECT_TRUE(t, RB_EMPTY_NODE(&vma->vm_rb));
	vma->vm_start = P(1);
	vma->vm_end = P(2);
	vma->vm_flags = FL_RW;
	copy = vm_area_dup(vma);
	KT_ASSERT_NOT_NULL(t, copy);
	KT_EXPECT_TRUE(t, copy->vm_mm == mm && copy->vm_start == P(1) && copy->vm_flags == FL_RW);
	KT_EXPECT_TRUE(t, RB_EMPTY_NODE(&copy->vm_rb));
	KT_EXPECT_EQ(t, nr_vm_areas(), before + 2);
	vm_area_free(copy);
	vm_area_free(vma);
	KT_EXPECT_EQ(t, nr_vm_areas(), before);
}

static void insert_refuses_overlap_and_bad_ranges(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;

	KT_EXPECT_EQ(t, map_anon(&tree, 0, 4, FL_RW), 0);
	KT_EXPECT_EQ(t, map_anon(&tree, 3, 5, FL_R), -EEXIST);	/* overlaps the top */
	KT_EXPECT_EQ(t, map_anon(&tree, 1, 2, FL_R), -EEXIST);	/* inside */
	KT_EXPECT_EQ(t, map_anon(&tree, 0, 10, FL_R), -EEXIST); /* around */
	KT_EXPECT_EQ(t, map_anon(&tree, 6, 8, FL_R), 0);
	KT_EXPECT_EQ(t, map_anon(&tree, 5, 7, FL_R), -EEXIST); /* overlaps the second one */
	KT_EXPECT_EQ(t, map_anon(&tree, 4, 6, FL_R), 0); /* fills the gap exactly, merges up */
	KT_EXPECT_EQ(t, map(&tree, P(9), P(9), FL_R, NULL, 0), -EINVAL);
	KT_EXPECT_EQ(t, map(&tree, P(9), P(9) + 1, FL_R, NULL, 0), -EINVAL);
	KT_EXPECT_EQ(t, map(&tree, P(9) + 8, P(10), FL_R, NULL, 0), -EINVAL);
	KT_EXPECT_EQ(t, map(&tree, P(10), P(9), FL_R, NULL, 0), -EINVAL);
	EXPECT_LAYOUT(t, &tree, S(0, 4, FL_RW), S(4, 8, FL_R));
	vma_tree_destroy(&tree, NULL, NULL);
	EXPECT_EMPTY(t, &tree);
}

static int count_in_range(const struct vma_tree *tree, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma;
	int n = 0;

	for_each_vma_range (tree, vma, start, end)
		n++;
	return n;
}

static void find_returns_first_vma_ending_above_addr(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	struct vm_area_struct *low, *high;

	KT_EXPECT_NULL(t, vma_find(&tree, 0));
	map_anon(&tree, 1, 3, FL_RW);
	map_anon(&tree, 5, 7, FL_R);
	low = vma_first(&tree);
	high = vma_last(&tree);
	KT_ASSERT_TRUE(t, low && high && low != high);
	KT_EXPECT_TRUE(t, vma_find(&tree, 0) == low);	     /* below everything */
	KT_EXPECT_TRUE(t, vma_find(&tree, P(1)) == low);     /* first byte */
	KT_EXPECT_TRUE(t, vma_find(&tree, P(3) - 1) == low); /* last byte */
	KT_EXPECT_TRUE(t, vma_find(&tree, P(3)) == high);    /* vm_end is not inside */
	KT_EXPECT_TRUE(t, vma_find(&tree, P(7) - 1) == high);
	KT_EXPECT_NULL(t, vma_find(&tree, P(7)));
	KT_EXPECT_NULL(t, vma_lookup(&tree, P(0)));
	KT_EXPECT_NULL(t, vma_lookup(&tree, P(3)));
	KT_EXPECT_TRUE(t, vma_lookup(&tree, P(5)) == high);
	KT_EXPECT_NULL(t, vma_find_intersection(&tree, P(3), P(5)));
	KT_EXPECT_TRUE(t, vma_find_intersection(&tree, P(3), P(5) + PAGE_SIZE) == high);
	KT_EXPECT_TRUE(t, vma_find_intersection(&tree, P(2), P(6)) == low);
	KT_EXPECT_TRUE(t, vma_next(low) == high && vma_prev(high) == low);
	KT_EXPECT_NULL(t, vma_prev(low));
	KT_EXPECT_NULL(t, vma_next(high));
	KT_EXPECT_EQ(t, count_in_range(&tree, P(2), P(6)), 2);
	KT_EXPECT_EQ(t, count_in_range(&tree, P(3), P(5)), 0);
	KT_EXPECT_EQ(t, count_in_range(&tree, P(6), P(20)), 1);
	vma_tree_destroy(&tree, NULL, NULL);
}

/* ---- Split and merge ------------------------------------------------------------------------ */

static void split_below_and_above_moves_pgoff(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	struct vm_area_struct *vma, *piece;

	KT_ASSERT_EQ(t, map(&tree, P(0), P(8), FL_R, FILE_A, 100), 0);
	vma = vma_first(&tree);
	KT_EXPECT_EQ(t, vma_split(&tree, vma, P(3), true), 0);
	piece = vma_prev(vma);
	KT_ASSERT_NOT_NULL(t, piece);
	KT_EXPECT_TRUE(t,
		       piece->vm_start == P(0) && piece->vm_end == P(3) && piece->vm_pgoff == 100);
	KT_EXPECT_TRUE(t, vma->vm_start == P(3) && vma->vm_end == P(8) && vma->vm_pgoff == 103);

	KT_EXPECT_EQ(t, vma_split(&tree, vma, P(5), false), 0);
	piece = vma_next(vma);
	KT_ASSERT_NOT_NULL(t, piece);
	KT_EXPECT_TRUE(t, vma->vm_start == P(3) && vma->vm_end == P(5) && vma->vm_pgoff == 103);
	KT_EXPECT_TRUE(t,
		       piece->vm_start == P(5) && piece->vm_end == P(8) && piece->vm_pgoff == 105);
	KT_EXPECT_EQ(t, tree.map_count, 3);

	KT_EXPECT_EQ(t, vma_split(&tree, vma, P(3), true), -EINVAL); /* at vm_start */
	KT_EXPECT_EQ(t, vma_split(&tree, vma, P(5), true), -EINVAL); /* at vm_end */
	KT_EXPECT_EQ(t, vma_split(&tree, vma, P(4) + 1, true), -EINVAL);
	vm_area_fail_nth(1);
	KT_EXPECT_EQ(t, vma_split(&tree, vma, P(4), true), -ENOMEM);
	vm_area_fail_nth(0);
	KT_EXPECT_TRUE(t, vma->vm_start == P(3) && vma->vm_end == P(5) && tree.map_count == 3);

	/* The pieces still fit together: merging vma gives back the whole mapping. */
	vma = vma_merge(&tree, vma);
	EXPECT_LAYOUT(t, &tree, { P(0), P(8), FL_R, FILE_A, 100 });
	vma_tree_destroy(&tree, NULL, NULL);
}

static void merge_joins_compatible_neighbours(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	unsigned long before = nr_vm_areas();

	map_anon(&tree, 0, 2, FL_RW);
	map_anon(&tree, 4, 6, FL_RW);
	EXPECT_LAYOUT(t, &tree, S(0, 2, FL_RW), S(4, 6, FL_RW));
	map_anon(&tree, 2, 4, FL_RW); /* touches both: all three become one */
	EXPECT_LAYOUT(t, &tree, S(0, 6, FL_RW));
	KT_EXPECT_EQ(t, nr_vm_areas(), before + 1);

	/* File pages that follow on merge too, in either order of mapping. */
	map(&tree, P(10), P(12), FL_R, FILE_A, 50);
	map(&tree, P(8), P(10), FL_R, FILE_A, 48);
	EXPECT_LAYOUT(t, &tree, S(0, 6, FL_RW), { P(8), P(12), FL_R, FILE_A, 48 });
	vma_tree_destroy(&tree, NULL, NULL);
	KT_EXPECT_EQ(t, nr_vm_areas(), before);
}

static void merge_refuses_incompatible_neighbours(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;

	map_anon(&tree, 0, 2, FL_RW);
	map_anon(&tree, 2, 4, FL_R);			       /* other flags */
	map_anon(&tree, 4, 6, FL_R | VM_SHARED);	       /* other flags again */
	map(&tree, P(6), P(8), FL_R | VM_SHARED, FILE_A, 0);   /* a file next to anonymous */
	map(&tree, P(8), P(10), FL_R | VM_SHARED, FILE_B, 2);  /* another file */
	map(&tree, P(10), P(12), FL_R | VM_SHARED, FILE_B, 7); /* same file, pages don't follow */
	map_anon(&tree, 13, 14, FL_R);			       /* a page of gap */
	map_anon(&tree, 15, 16, FL_R);
	EXPECT_LAYOUT(t, &tree, S(0, 2, FL_RW), S(2, 4, FL_R), S(4, 6, FL_R | VM_SHARED),
		      { P(6), P(8), FL_R | VM_SHARED, FILE_A, 0 },
		      { P(8), P(10), FL_R | VM_SHARED, FILE_B, 2 },
		      { P(10), P(12), FL_R | VM_SHARED, FILE_B, 7 }, S(13, 14, FL_R),
		      S(15, 16, FL_R));
	vma_tree_destroy(&tree, NULL, NULL);
}

static void expand_down_grows_stack_but_keeps_a_gap(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	struct vm_area_struct *stack;

	map_anon(&tree, 0, 2, FL_RW | VM_GROWSDOWN);
	map_anon(&tree, 8, 10, FL_RW | VM_GROWSDOWN);
	stack = vma_last(&tree);
	KT_EXPECT_EQ(t, vma_expand_down(&tree, stack, P(5)), 0);
	KT_EXPECT_EQ(t, vma_expand_down(&tree, stack, P(2)), -ENOMEM); /* would touch */
	KT_EXPECT_EQ(t, vma_expand_down(&tree, stack, P(3)), 0);
	KT_EXPECT_EQ(t, vma_expand_down(&tree, stack, P(3)), -EINVAL); /* not below vm_start */
	KT_EXPECT_EQ(t, vma_expand_down(&tree, stack, P(2) + 8), -EINVAL);
	KT_EXPECT_EQ(t, vma_expand_down(&tree, vma_first(&tree), P(0) - PAGE_SIZE), 0);
	EXPECT_LAYOUT(t, &tree, S(-1, 2, FL_RW | VM_GROWSDOWN), S(3, 10, FL_RW | VM_GROWSDOWN));
	KT_EXPECT_TRUE(t, vma_lookup(&tree, P(3)) == stack);

	map_anon(&tree, 12, 14, FL_RW); /* not a stack */
	KT_EXPECT_EQ(t, vma_expand_down(&tree, vma_last(&tree), P(11)), -EINVAL);
	vma_tree_destroy(&tree, NULL, NULL);
}

/* ---- munmap --------------------------------------------------------------------------------- */

static void unmap_of_middle_splits_vma_in_two(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	struct unmap_log log = { 0 };
	unsigned long before = nr_vm_areas();

	map(&tree, P(0), P(10), FL_RW, FILE_A, 20);
	KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(3), P(5), log_unmap, &log), 0);
	EXPECT_LAYOUT(t, &tree, { P(0), P(3), FL_RW, FILE_A, 20 },
		      { P(5), P(10), FL_RW, FILE_A, 25 });
	KT_EXPECT_EQ(t, log.calls, 1);
	KT_EXPECT_EQ(t, log.still_linked, 0);
	KT_EXPECT_TRUE(t, log.removed[0].start == P(3) && log.removed[0].end == P(5));
	KT_EXPECT_EQ(t, log.removed[0].pgoff, 23);
	KT_EXPECT_EQ(t, nr_vm_areas(), before + 2);
	vma_tree_destroy(&tree, NULL, NULL);
	KT_EXPECT_EQ(t, nr_vm_areas(), before);
}

static void unmap_across_vmas_and_holes_reports_each_piece(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	struct unmap_log log = { 0 };

	map_anon(&tree, 0, 2, FL_RW);
	map_anon(&tree, 3, 6, FL_R);
	map_anon(&tree, 8, 12, FL_RX);
	KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(1), P(10), log_unmap, &log), 0);
	EXPECT_LAYOUT(t, &tree, S(0, 1, FL_RW), S(10, 12, FL_RX));
	KT_ASSERT_EQ(t, log.calls, 3);
	KT_EXPECT_TRUE(t, log.removed[0].start == P(1) && log.removed[0].end == P(2) &&
			      log.removed[0].flags == FL_RW);
	KT_EXPECT_TRUE(t, log.removed[1].start == P(3) && log.removed[1].end == P(6));
	KT_EXPECT_TRUE(t, log.removed[2].start == P(8) && log.removed[2].end == P(10) &&
			      log.removed[2].flags == FL_RX);

	/* A hole, exact bounds, and bad ranges. */
	log.calls = 0;
	KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(2), P(10), log_unmap, &log), 0);
	KT_EXPECT_EQ(t, log.calls, 0);
	KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(10), P(10), NULL, NULL), -EINVAL);
	KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(10) + 1, P(11), NULL, NULL), -EINVAL);
	KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(10), P(12), log_unmap, &log), 0);
	KT_EXPECT_EQ(t, log.calls, 1);
	EXPECT_LAYOUT(t, &tree, S(0, 1, FL_RW));
	vma_tree_destroy(&tree, NULL, NULL);
}

static void unmap_out_of_memory_changes_nothing(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	struct unmap_log log = { 0 };
	unsigned long before;

	map_anon(&tree, 0, 4, FL_RW);
	map_anon(&tree, 4, 8, FL_R);
	before = nr_vm_areas();
	for (unsigned int nth = 1; nth <= 2; nth++) {
		vm_area_fail_nth(nth); /* the first or the second of the two splits fails */
		KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(2), P(6), log_unmap, &log), -ENOMEM);
		vm_area_fail_nth(0);
		EXPECT_LAYOUT(t, &tree, S(0, 4, FL_RW), S(4, 8, FL_R));
		KT_EXPECT_EQ(t, log.calls, 0);
		KT_EXPECT_EQ(t, nr_vm_areas(), before);
	}
	vm_area_fail_nth(1); /* no split needed, so no allocation to fail */
	KT_EXPECT_EQ(t, vma_unmap_range(&tree, P(0), P(4), log_unmap, &log), 0);
	vm_area_fail_nth(0);
	EXPECT_LAYOUT(t, &tree, S(4, 8, FL_R));
	vma_tree_destroy(&tree, NULL, NULL);
}

/* ---- mprotect ------------------------------------------------------------------------------- */

static void protect_of_subrange_splits_and_restoring_merges_back(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	unsigned long before = nr_vm_areas();

	map_anon(&tree, 0, 10, FL_RW);
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(3), P(5), VM_READ), 0);
	EXPECT_LAYOUT(t, &tree, S(0, 3, FL_RW), S(3, 5, FL_R), S(5, 10, FL_RW));
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(3), P(5), VM_READ | VM_WRITE), 0);
	EXPECT_LAYOUT(t, &tree, S(0, 10, FL_RW));
	KT_EXPECT_EQ(t, nr_vm_areas(), before + 1);

	/* At an edge: one split; then over two VMAs: they become one. */
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(0), P(4), VM_READ | VM_EXEC), 0);
	EXPECT_LAYOUT(t, &tree, S(0, 4, FL_RX), S(4, 10, FL_RW));
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(2), P(10), VM_READ | VM_EXEC), 0);
	EXPECT_LAYOUT(t, &tree, S(0, 10, FL_RX));
	/* No change needed: no split, nothing to allocate. */
	vm_area_fail_nth(1);
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(4), P(6), VM_READ | VM_EXEC), 0);
	vm_area_fail_nth(0);
	EXPECT_LAYOUT(t, &tree, S(0, 10, FL_RX));
	vma_tree_destroy(&tree, NULL, NULL);
	KT_EXPECT_EQ(t, nr_vm_areas(), before);
}

static void protect_keeps_other_flags_and_refuses_bad_requests(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	const unsigned long ro_file = VM_READ | VM_SHARED | VM_MAYREAD | VM_MAYSHARE;

	map_anon(&tree, 0, 4, FL_RW | VM_SHARED);
	map_anon(&tree, 4, 8, FL_RW);
	map(&tree, P(8), P(10), ro_file, FILE_A, 0);
	/* Only the access bits change: VM_SHARED keeps the first two apart. */
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(0), P(8), VM_READ), 0);
	EXPECT_LAYOUT(t, &tree, S(0, 4, FL_R | VM_SHARED), S(4, 8, FL_R),
		      { P(8), P(10), ro_file, FILE_A, 0 });

	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(6), P(10), VM_READ | VM_WRITE), -EACCES);
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(6), P(11), VM_READ), -ENOMEM); /* unmapped end */
	/* Both wrong: the hole is reported. */
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(6), P(11), VM_WRITE), -ENOMEM);
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(11), P(12), VM_READ), -ENOMEM);
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(2), P(6), VM_SHARED), -EINVAL);
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(2), P(2), VM_READ), -EINVAL);
	vma_unmap_range(&tree, P(5), P(6), NULL, NULL);
	KT_EXPECT_EQ(t, vma_protect_range(&tree, P(2), P(8), VM_NONE), -ENOMEM); /* a hole */
	EXPECT_LAYOUT(t, &tree, S(0, 4, FL_R | VM_SHARED), S(4, 5, FL_R), S(6, 8, FL_R),
		      { P(8), P(10), ro_file, FILE_A, 0 });
	vma_tree_destroy(&tree, NULL, NULL);
}

static void protect_out_of_memory_changes_nothing(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	unsigned long before;

	map_anon(&tree, 0, 10, FL_RW);
	before = nr_vm_areas();
	for (unsigned int nth = 1; nth <= 2; nth++) {
		vm_area_fail_nth(nth);
		KT_EXPECT_EQ(t, vma_protect_range(&tree, P(3), P(5), VM_READ), -ENOMEM);
		vm_area_fail_nth(0);
		EXPECT_LAYOUT(t, &tree, S(0, 10, FL_RW));
		KT_EXPECT_EQ(t, nr_vm_areas(), before);
	}
	vma_tree_destroy(&tree, NULL, NULL);
}

/* ---- Finding room for mmap ------------------------------------------------------------------ */

static void find_free_respects_hint_and_limits(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	const unsigned long nomem = (unsigned long)-ENOMEM, inval = (unsigned long)-EINVAL;

	/* Mapped: [2, 4) [6, 7) [9, 12); free: [0, 2) [4, 6) [7, 9) [12, ...). */
	map_anon(&tree, 2, 4, FL_RW);
	map_anon(&tree, 6, 7, FL_RW);
	map_anon(&tree, 9, 12, FL_RW);
	KT_EXPECT_EQ(t, vma_find_free(&tree, 2 * PAGE_SIZE, 0, P(0), P(12)), P(7)); /* highest */
	KT_EXPECT_EQ(t, vma_find_free(&tree, 2 * PAGE_SIZE, 0, P(0), P(20)), P(18));
	KT_EXPECT_EQ(t, vma_find_free(&tree, 2 * PAGE_SIZE, 0, P(0), P(8)), P(4)); /* [7,8) short */
	KT_EXPECT_EQ(t, vma_find_free(&tree, 2 * PAGE_SIZE, 0, P(1), P(6)), P(4));
	KT_EXPECT_EQ(t, vma_find_free(&tree, 3 * PAGE_SIZE, 0, P(0), P(12)), nomem);
	KT_EXPECT_EQ(t, vma_find_free(&tree, PAGE_SIZE, 0, P(1), P(2)), P(1));
	KT_EXPECT_EQ(t, vma_find_free(&tree, PAGE_SIZE, 0, P(2), P(4)), nomem);
	KT_EXPECT_EQ(t, vma_find_free(&tree, 4 * PAGE_SIZE, 0, P(0), P(2)), nomem);
	/* Hints: taken when free and inside, rounded up to a page, ignored otherwise. */
	KT_EXPECT_EQ(t, vma_find_free(&tree, PAGE_SIZE, P(0), P(0), P(12)), P(0));
	KT_EXPECT_EQ(t, vma_find_free(&tree, PAGE_SIZE, P(4) - 100, P(0), P(12)), P(4));
	KT_EXPECT_EQ(t, vma_find_free(&tree, 2 * PAGE_SIZE, P(5), P(0), P(12)), P(7));
	KT_EXPECT_EQ(t, vma_find_free(&tree, PAGE_SIZE, P(30), P(0), P(12)), P(8)); /* outside */
	KT_EXPECT_EQ(t, vma_find_free(&tree, 0, 0, P(0), P(12)), inval);
	KT_EXPECT_EQ(t, vma_find_free(&tree, 100, 0, P(0), P(12)), inval);
	KT_EXPECT_EQ(t, vma_find_free(&tree, PAGE_SIZE, 0, P(4), P(4)), inval);
	vma_tree_destroy(&tree, NULL, NULL);
	KT_EXPECT_EQ(t, vma_find_free(&tree, PAGE_SIZE, 0, P(0), P(12)), P(11)); /* empty tree */
}

static void destroy_hands_over_and_frees_every_vma(struct ktest *t)
{
	struct vma_tree tree = VMA_TREE_INIT;
	struct unmap_log log = { 0 };
	unsigned long before = nr_vm_areas();

	for (int i = 0; i < 40; i++)
		map_anon(&tree, 2 * i, 2 * i + 1, i % 2 ? FL_R : FL_RW);
	KT_EXPECT_EQ(t, tree.map_count, 40);
	vma_tree_destroy(&tree, log_unmap, &log);
	KT_EXPECT_EQ(t, log.calls, 40);
	KT_EXPECT_EQ(t, log.pages, 40);
	KT_EXPECT_EQ(t, log.still_linked, 0);
	KT_EXPECT_TRUE(t, vma_tree_empty(&tree));
	KT_EXPECT_EQ(t, nr_vm_areas(), before);
}

/* ---- Random operations against a model ------------------------------------------------------ */

#define WINDOW	    64 /* pages the random operations stay inside */
#define RANDOM_OPS  10000
#define RANDOM_SEED 0x766d615f74726565ull

/* The model: what each page of the window should be. */
struct model_page {
	bool mapped;
	unsigned long flags;
	struct file *file;
	unsigned long pgoff;
};

struct random_run {
	struct ktest *t;
	struct vma_tree tree;
	struct model_page page[WINDOW];
	u64 seed;
	int op;		/* the operation being run, for messages */
	bool injecting; /* an allocation failure is armed for this operation */
	bool failed;
	/* How often each interesting outcome happened: each must have happened at least once. */
	unsigned long refused, exists, holes, denied, changed;
};

static const unsigned long random_flags[] = {
	FL_R,
	FL_RW,
	FL_RX,
	FL_RW | VM_SHARED | VM_MAYSHARE,
	VM_READ | VM_MAYREAD, /* may never become writable or executable */
};

static u64 xorshift(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/* A random number below n. */
static unsigned long rnd(struct random_run *r, unsigned long n)
{
	return xorshift(&r->seed) % n;
}

/* A random range of pages [*s, *e) inside the window: mostly short, sometimes long. */
static void random_range(struct random_run *r, unsigned long *s, unsigned long *e)
{
	unsigned long len = 1 + rnd(r, rnd(r, 4) ? 12 : WINDOW); /* min() evaluates twice */

	*s = rnd(r, WINDOW);
	*e = min(*s + len, (unsigned long)WINDOW);
}

static unsigned long model_mapped(const struct random_run *r, unsigned long s, unsigned long e)
{
	unsigned long n = 0;

	for (unsigned long i = s; i < e; i++)
		n += r->page[i].mapped;
	return n;
}

static void model_map(struct random_run *r, unsigned long s, unsigned long e, unsigned long flags,
		      struct file *file, unsigned long pgoff)
{
	for (unsigned long i = s; i < e; i++)
		r->page[i] = (struct model_page){ true, flags, file, file ? pgoff + i - s : 0 };
}

/* Could page i join page i - 1 in one VMA? The model's version of vma_can_merge(). */
static bool model_joins(const struct random_run *r, unsigned long i)
{
	const struct model_page *a = &r->page[i - 1], *b = &r->page[i];

	return a->mapped && b->mapped && a->flags == b->flags && a->file == b->file &&
	       (!a->file || a->pgoff + 1 == b->pgoff);
}

/* The VMAs the model says the tree must hold: maximal runs of pages that join. */
static int model_runs(const struct random_run *r, struct span *runs)
{
	int n = 0;

	for (unsigned long i = 0; i < WINDOW; i++) {
		const struct model_page *p = &r->page[i];

		if (!p->mapped)
			continue;
		if (i > 0 && model_joins(r, i))
			runs[n - 1].end = P(i + 1);
		else
			runs[n++] = (struct span){ P(i), P(i + 1), p->flags, p->file, p->pgoff };
	}
	return n;
}

/* What vma_protect_range() must return, by vma.h's rules. */
static int model_protect_result(const struct random_run *r, unsigned long s, unsigned long e,
				unsigned long newflags)
{
	if (model_mapped(r, s, e) != e - s)
		return -ENOMEM;
	for (unsigned long i = s; i < e; i++)
		if (newflags & ~(r->page[i].flags >> 4))
			return -EACCES;
	return 0;
}

/*
 * Judge an operation's result: as the model says, or -ENOMEM when a failure was injected.
 * Returns whether the model should now make the same change.
 */
static bool outcome(struct random_run *r, const char *what, int got, int want)
{
	if (got == want)
		return want == 0;
	if (got == -ENOMEM && r->injecting) {
		r->refused++;
		return false;
	}
	ktest_fail(r->t, __FILE__, __LINE__, "operation %d (%s): returned %d, expected %d", r->op,
		   what, got, want);
	r->failed = true;
	return false;
}

static void random_map(struct random_run *r, bool fixed)
{
	unsigned long s, e, flags = random_flags[rnd(r, ARRAY_SIZE(random_flags))], pgoff = 0;
	struct file *file = NULL;
	int want = 0, got;

	random_range(r, &s, &e);
	if (rnd(r, 3) == 0) {
		file = rnd(r, 2) ? FILE_A : FILE_B;
		/* Two ways of placing each file: only mappings placed alike line up to merge. */
		pgoff = s + (rnd(r, 2) ? 0 : WINDOW);
	}
	if (fixed) {
		got = map_fixed(&r->tree, P(s), P(e), flags, file, pgoff);
	} else {
		want = model_mapped(r, s, e) ? -EEXIST : 0;
		r->exists += want == -EEXIST;
		got = map(&r->tree, P(s), P(e), flags, file, pgoff);
	}
	if (outcome(r, fixed ? "map fixed" : "map", got, want))
		model_map(r, s, e, flags, file, pgoff);
}

static void random_unmap(struct random_run *r)
{
	struct unmap_log log = { 0 };
	unsigned long s, e, mapped;

	random_range(r, &s, &e);
	mapped = model_mapped(r, s, e);
	if (outcome(r, "unmap", vma_unmap_range(&r->tree, P(s), P(e), log_unmap, &log), 0)) {
		for (unsigned long i = s; i < e; i++)
			r->page[i].mapped = false;
	} else {
		mapped = 0; /* refused: nothing may have been handed to the callback */
	}
	if (log.pages != mapped || log.still_linked) {
		ktest_fail(r->t, __FILE__, __LINE__,
			   "operation %d (unmap): callback got %lu pages (%d linked), expected %lu",
			   r->op, log.pages, log.still_linked, mapped);
		r->failed = true;
	}
	for (int i = 0; i < log.calls && i < (int)ARRAY_SIZE(log.removed); i++) {
		if (log.removed[i].start < P(s) || log.removed[i].end > P(e)) {
			ktest_fail(r->t, __FILE__, __LINE__,
				   "operation %d (unmap [%#lx, %#lx)): callback got [%#lx, %#lx)",
				   r->op, P(s), P(e), log.removed[i].start, log.removed[i].end);
			r->failed = true;
		}
	}
}

static void random_protect(struct random_run *r)
{
	unsigned long s, e, newflags = rnd(r, VM_ACCESS_FLAGS + 1); /* any mix of R, W, X */
	int want;

	random_range(r, &s, &e);
	want = model_protect_result(r, s, e, newflags);
	r->holes += want == -ENOMEM;
	r->denied += want == -EACCES;
	if (!outcome(r, "protect", vma_protect_range(&r->tree, P(s), P(e), newflags), want))
		return;
	r->changed++;
	for (unsigned long i = s; i < e; i++)
		r->page[i].flags = (r->page[i].flags & ~VM_ACCESS_FLAGS) | newflags;
}

/* vma_find() and vma_lookup() of a random address agree with the model's runs. */
static bool check_find(struct random_run *r, const struct span *runs, int n)
{
	unsigned long addr = BASE + rnd(r, (WINDOW + 1) * PAGE_SIZE);
	struct vm_area_struct *found = vma_find(&r->tree, addr), *hit = vma_lookup(&r->tree, addr);
	int i = 0;

	while (i < n && runs[i].end <= addr)
		i++;
	if (i < n ? found && found->vm_start == runs[i].start : !found) {
		if (hit == (i < n && runs[i].start <= addr ? found : NULL))
			return true;
	}
	ktest_fail(r->t, __FILE__, __LINE__, "vma_find/vma_lookup(%#lx) gave VMAs at %#lx/%#lx",
		   addr, found ? found->vm_start : 0, hit ? hit->vm_start : 0);
	return false;
}

static bool model_free(const struct random_run *r, unsigned long s, unsigned long e)
{
	return model_mapped(r, s, e) == 0;
}

/* vma_find_free() of random sizes, hints and limits gives what the model says it must. */
static bool check_find_free(struct random_run *r)
{
	unsigned long len = 1 + rnd(r, 8), lo = rnd(r, WINDOW), hi = lo + 1 + rnd(r, WINDOW - lo);
	unsigned long hint = rnd(r, 4) ? BASE + rnd(r, (WINDOW + 8) * PAGE_SIZE) : 0;
	unsigned long want = (unsigned long)-ENOMEM, h = ALIGN_UP(hint, PAGE_SIZE);
	unsigned long got = vma_find_free(&r->tree, len * PAGE_SIZE, hint, P(lo), P(hi));

	if (len <= hi - lo) {
		if (h >= P(lo) && h <= P(hi - len) &&
		    model_free(r, (h - BASE) / PAGE_SIZE, (h - BASE) / PAGE_SIZE + len))
			want = h;
		for (unsigned long c = hi - len + 1; want != h && c-- > lo;) {
			if (model_free(r, c, c + len)) {
				want = P(c); /* the highest fit: top down */
				break;
			}
		}
	}
	if (got == want)
		return true;
	ktest_fail(r->t, __FILE__, __LINE__,
		   "find_free(%lu pages, hint %#lx, [%#lx, %#lx)) gave %#lx, expected %#lx", len,
		   hint, P(lo), P(hi), got, want);
	return false;
}

static void random_check(struct random_run *r)
{
	struct span runs[WINDOW];
	int n = model_runs(r, runs);

	if (!check_layout(r->t, __LINE__, &r->tree, runs, n) || !check_find(r, runs, n) ||
	    !check_find_free(r)) {
		ktest_fail(r->t, __FILE__, __LINE__, "the tree is wrong after operation %d", r->op);
		r->failed = true;
	}
}

static void random_op(struct random_run *r)
{
	unsigned long kind = rnd(r, 10);

	r->injecting = rnd(r, 6) == 0;
	if (r->injecting)
		vm_area_fail_nth(1 + rnd(r, 2)); /* the first or the second allocation fails */
	if (kind < 3)
		random_map(r, true);
	else if (kind < 4)
		random_map(r, false);
	else if (kind < 6)
		random_unmap(r);
	else
		random_protect(r);
	vm_area_fail_nth(0);
}

/*
 * Thousands of map/unmap/protect operations with a fixed seed, each done to the tree and to the
 * model, and after each the tree must be exactly the model's maximal runs, with lookups and
 * free-range searches answering as the model does. Every allocation is given back at the end.
 */
static void random_operations_match_model(struct ktest *t)
{
	static struct random_run r;
	struct unmap_log log = { 0 };
	unsigned long before = nr_vm_areas(), errors = slab_debug_errors(), mapped;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.tree = VMA_TREE_INIT;
	r.seed = RANDOM_SEED;
	for (r.op = 0; r.op < RANDOM_OPS && !r.failed; r.op++) {
		random_op(&r);
		if (!r.failed)
			random_check(&r);
	}
	KT_EXPECT_GT(t, r.refused, 0);
	KT_EXPECT_GT(t, r.exists, 0);
	KT_EXPECT_GT(t, r.holes, 0);
	KT_EXPECT_GT(t, r.denied, 0);
	KT_EXPECT_GT(t, r.changed, RANDOM_OPS / 20);
	mapped = model_mapped(&r, 0, WINDOW);
	vma_tree_destroy(&r.tree, log_unmap, &log);
	KT_EXPECT_EQ(t, log.pages, mapped);
	KT_EXPECT_EQ(t, nr_vm_areas(), before);
	KT_EXPECT_EQ(t, slab_debug_errors(), errors);
}

static const struct ktest_case vma_cases[] = {
	KTEST_CASE(alloc_and_dup_give_unlinked_vmas),
	KTEST_CASE(insert_refuses_overlap_and_bad_ranges),
	KTEST_CASE(find_returns_first_vma_ending_above_addr),
	KTEST_CASE(split_below_and_above_moves_pgoff),
	KTEST_CASE(merge_joins_compatible_neighbours),
	KTEST_CASE(merge_refuses_incompatible_neighbours),
	KTEST_CASE(expand_down_grows_stack_but_keeps_a_gap),
	KTEST_CASE(unmap_of_middle_splits_vma_in_two),
	KTEST_CASE(unmap_across_vmas_and_holes_reports_each_piece),
	KTEST_CASE(unmap_out_of_memory_changes_nothing),
	KTEST_CASE(protect_of_subrange_splits_and_restoring_merges_back),
	KTEST_CASE(protect_keeps_other_flags_and_refuses_bad_requests),
	KTEST_CASE(protect_out_of_memory_changes_nothing),
	KTEST_CASE(find_free_respects_hint_and_limits),
	KTEST_CASE(destroy_hands_over_and_frees_every_vma),
	KTEST_CASE(random_operations_match_model),
	{}
};
KTEST_SUITE(vma, vma_cases);
