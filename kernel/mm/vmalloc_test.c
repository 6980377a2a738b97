/* SPDX-License-Identifier: MIT */
/* vmalloc: areas are usable, zeroed, disjoint, fenced by guard pages, and return their pages. */
#include <asm/extable.h>
#include <asm/stack.h>

#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"

#define NR_AREAS	    8
#define OVERFLOW_STACK_SIZE (4 * PAGE_SIZE)
#define FRAME_BYTES	    512

static bool in_vmalloc_area(const void *p)
{
	return (unsigned long)p >= VMALLOC_START && (unsigned long)p < VMALLOC_END;
}

static void vmalloc_is_zeroed_and_usable(struct ktest *t)
{
	unsigned long before = nr_free_pages();
	size_t size = 5 * PAGE_SIZE + 123;
	u8 *p = vmalloc(size);
	bool zero = true;

	KT_ASSERT_NOT_NULL(t, p);
	KT_EXPECT_TRUE(t, in_vmalloc_area(p));
	KT_EXPECT_EQ(t, (unsigned long)p % PAGE_SIZE, 0);
	for (size_t i = 0; i < size; i++)
		zero &= p[i] == 0;
	KT_EXPECT_TRUE(t, zero);
	for (size_t i = 0; i < size; i++)
		p[i] = (u8)i;
	KT_EXPECT_EQ(t, p[size - 1], (u8)(size - 1));
	KT_EXPECT_LE(t, nr_free_pages(), before - 6); /* six pages, plus tables and metadata */
	vfree(p);
	KT_EXPECT_LE(t, before - nr_free_pages(), 2); /* at most the page tables stay */
}

static void guard_pages_fence_each_area(struct ktest *t)
{
	u8 *p = vmalloc(2 * PAGE_SIZE), val;

	KT_ASSERT_NOT_NULL(t, p);
	KT_EXPECT_EQ(t, read_byte_nofault(p - 1, &val), -EFAULT);
	KT_EXPECT_EQ(t, read_byte_nofault(p + 2 * PAGE_SIZE, &val), -EFAULT);
	KT_EXPECT_EQ(t, read_byte_nofault(p + 2 * PAGE_SIZE - 1, &val), 0);
	KT_EXPECT_TRUE(t, vmalloc_guard_page((unsigned long)p - 1));
	KT_EXPECT_TRUE(t, vmalloc_guard_page((unsigned long)p + 2 * PAGE_SIZE));
	KT_EXPECT_FALSE(t, vmalloc_guard_page((unsigned long)p));
	vfree(p);
	KT_EXPECT_FALSE(t, vmalloc_guard_page((unsigned long)p - 1));
}

static void areas_are_disjoint_and_reused(struct ktest *t)
{
	u8 *area[NR_AREAS];
	unsigned long before;

	/* Warm up once so the page tables of the first areas exist. */
	vfree(vmalloc(PAGE_SIZE));
	before = nr_free_pages();
	for (int i = 0; i < NR_AREAS; i++) {
		area[i] = vmalloc((i + 1) * PAGE_SIZE);
		KT_ASSERT_NOT_NULL(t, area[i]);
		memset(area[i], i + 1, (i + 1) * PAGE_SIZE);
	}
	for (int i = 0; i < NR_AREAS; i++) {
		bool mine = true;

		for (size_t b = 0; b < (size_t)(i + 1) * PAGE_SIZE; b++)
			mine &= area[i][b] == i + 1;
		KT_EXPECT_TRUE(t, mine); /* no other area wrote over this one */
	}
	for (int i = 0; i < NR_AREAS; i += 2) /* free in a mixed order */
		vfree(area[i]);
	for (int i = 1; i < NR_AREAS; i += 2)
		vfree(area[i]);
	KT_EXPECT_EQ(t, nr_free_pages(), before);
}

struct softirq_vfree {
	struct timer_list timer;
	void *area;
	volatile bool ran;
	unsigned long deferred_after;
};

static void vfree_from_timer(struct timer_list *timer)
{
	struct softirq_vfree *s = container_of(timer, struct softirq_vfree, timer);
	unsigned long done;

	vfree(s->area); /* softirq context: cannot wait for other CPUs' TLB flushes here */
	vfree_deferred_stats(&s->deferred_after, &done);
	s->ran = true;
}

/* vfree() in softirq context is handed to a work item, which frees the area in task context. */
static void vfree_in_softirq_is_finished_in_task_context(struct ktest *t)
{
	struct softirq_vfree s = { .area = vmalloc(3 * PAGE_SIZE) };
	unsigned long deferred, done;
	u64 deadline = ktime_get_ns() + 10 * NSEC_PER_SEC;

	KT_ASSERT_NOT_NULL(t, s.area);
	vfree_deferred_stats(&deferred, &done);
	timer_setup(&s.timer, vfree_from_timer);
	mod_timer(&s.timer, jiffies + 1);
	while (!s.ran && ktime_get_ns() < deadline)
		msleep(1);
	del_timer_sync(&s.timer);
	KT_ASSERT_TRUE(t, s.ran);
	KT_EXPECT_EQ(t, s.deferred_after, deferred + 1);
	/* Others (dead tasks' stacks) may be deferred meanwhile: wait for ours and those before. */
	do {
		msleep(1);
		vfree_deferred_stats(&deferred, &done);
	} while (done < s.deferred_after && ktime_get_ns() < deadline);
	KT_EXPECT_GE(t, done, s.deferred_after);
}

static void vfree_of_a_bad_pointer_is_refused(struct ktest *t)
{
	unsigned long warnings = warn_count;
	u8 *p = vmalloc(PAGE_SIZE);

	KT_ASSERT_NOT_NULL(t, p);
	vfree(p + 8);
	KT_EXPECT_EQ(t, warn_count, warnings + 1);
	KT_EXPECT_EQ(t, p[0], 0); /* still mapped: the bad vfree changed nothing */
	vfree(p);
}

static void *overflow_stack;

static volatile int recursion_limit = 1 << 30; /* never reached: the stack ends first */

/* Recurse with a big frame until the stack runs into its guard page. */
static __noinline int recurse_forever(int depth)
{
	volatile u8 frame[FRAME_BYTES];

	frame[0] = (u8)depth;
	if (depth == recursion_limit)
		return 0;
	return recurse_forever(depth + 1) + frame[0];
}

static void run_recursion(void)
{
	recurse_forever(0);
}

/* The overflow becomes a double fault on its own stack, and the report names the cause. */
static void stack_overflow_hits_the_guard_page(struct ktest *t)
{
	overflow_stack = vmalloc_stack(OVERFLOW_STACK_SIZE);
	KT_ASSERT_NOT_NULL(t, overflow_stack);
	call_on_stack((u8 *)overflow_stack + OVERFLOW_STACK_SIZE, run_recursion);
}

static void stack_overflow_was_reported(struct ktest *t)
{
	static char log[16384];

	log_buf_copy(log, sizeof(log));
	KT_EXPECT_NOT_NULL(t, strstr(log, "kernel stack overflow"));
	KT_EXPECT_NOT_NULL(t, strstr(log, "Kernel panic: double fault"));
	KT_EXPECT_NOT_NULL(t, strstr(log, "] recurse_forever"));
	vfree(overflow_stack);
}

static const struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(vmalloc_is_zeroed_and_usable),
	KTEST_CASE(guard_pages_fence_each_area),
	KTEST_CASE(areas_are_disjoint_and_reused),
	KTEST_CASE(vfree_in_softirq_is_finished_in_task_context),
	KTEST_CASE(vfree_of_a_bad_pointer_is_refused),
	KTEST_CASE_XFAIL(stack_overflow_hits_the_guard_page, "overflows a stack on purpose"),
	KTEST_CASE(stack_overflow_was_reported),
	{}
};
KTEST_SUITE(vmalloc, vmalloc_cases);
