/* SPDX-License-Identifier: MIT */
/*
 * The framework tests itself. Assertion macros are exercised on a quiet scratch `struct ktest`
 * whose recorded failures are then checked, and the expected-failure cases make sure that a
 * failing assertion, a panic and a CPU exception each really fail a case: if one of those
 * mechanisms broke, its case would pass unexpectedly, which the runner reports as a failure.
 */
#include "kernel/ktest/ktest.h"

#include <asm/cpu.h>
#include <asm/layout.h>

#include "kernel/main.h"
#include "kernel/panic/kallsyms.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"

static struct ktest scratch_test(void)
{
	return (struct ktest){ .name = "scratch", .status = KTEST_PASS, .quiet = true };
}

static void expectations_pass_on_truth(struct ktest *t)
{
	struct ktest s = scratch_test();

	KT_EXPECT_TRUE(&s, 1 + 1 == 2);
	KT_EXPECT_FALSE(&s, 1 + 1 == 3);
	KT_EXPECT_EQ(&s, 7, 7);
	KT_EXPECT_NE(&s, 7, 8);
	KT_EXPECT_LT(&s, -1, 0);
	KT_EXPECT_LE(&s, 3, 3);
	KT_EXPECT_GT(&s, 4, 3);
	KT_EXPECT_GE(&s, 4, 4);
	KT_EXPECT_STREQ(&s, "abc", "abc");
	KT_EXPECT_NULL(&s, (void *)0);
	KT_EXPECT_NOT_NULL(&s, &s);
	KT_EXPECT_EQ(t, s.failures, 0);
	KT_EXPECT_EQ(t, s.status, KTEST_PASS);
}

static void expectations_record_falsehood(struct ktest *t)
{
	struct ktest s = scratch_test();

	KT_EXPECT_TRUE(&s, 1 + 1 == 3);
	KT_EXPECT_FALSE(&s, 1 + 1 == 2);
	KT_EXPECT_EQ(&s, 7, 8);
	KT_EXPECT_NE(&s, 7, 7);
	KT_EXPECT_LT(&s, 0, 0);
	KT_EXPECT_LE(&s, 4, 3);
	KT_EXPECT_GT(&s, 3, 3);
	KT_EXPECT_GE(&s, 3, 4);
	KT_EXPECT_STREQ(&s, "abc", "abd");
	KT_EXPECT_STREQ(&s, "abc", NULL);
	KT_EXPECT_NULL(&s, &s);
	KT_EXPECT_NOT_NULL(&s, (void *)0);
	KT_EXPECT_EQ(t, s.failures, 12);
	KT_EXPECT_EQ(t, s.status, KTEST_FAIL);
}

/* Each operand must be evaluated exactly once, even when it is printed on failure. */
static void expectations_evaluate_once(struct ktest *t)
{
	struct ktest s = scratch_test();
	int a = 0, b = 10;

	KT_EXPECT_EQ(&s, a++, b++);
	KT_EXPECT_EQ(t, a, 1);
	KT_EXPECT_EQ(t, b, 11);
}

static void failing_expectation_fails_the_case(struct ktest *t)
{
	KT_EXPECT_EQ(t, 1, 2);
}

static bool reached_after_assert;

static void failing_assertion_ends_the_case(struct ktest *t)
{
	reached_after_assert = false;
	KT_ASSERT_EQ(t, 1, 2);
	reached_after_assert = true;
}

static void assertion_ended_the_previous_case(struct ktest *t)
{
	KT_EXPECT_FALSE(t, reached_after_assert);
}

static void skip_is_reported_with_reason(struct ktest *t)
{
	KT_SKIP(t, "skipping on purpose, to show how a skip is reported");
	KT_EXPECT_TRUE(t, false); /* not reached */
}

static bool reached_after_panic;

static void panic_fails_only_its_case(struct ktest *t)
{
	reached_after_panic = false;
	panic("deliberate panic inside a test case");
	reached_after_panic = true;
}

static void page_fault_fails_only_its_case(struct ktest *t)
{
	/* A page fault: the exception handler panics, the runner recovers. */
	*(volatile int *)KERNEL_HOLE_START = 1;
}

static void protection_fault_fails_only_its_case(struct ktest *t)
{
	/* A non-canonical address raises #GP rather than #PF. */
	*(volatile int *)0x8000000000000000UL = 1;
}

static void runner_survives_panics(struct ktest *t)
{
	KT_EXPECT_FALSE(t, reached_after_panic);
	/* The log works normally again: a panic leaves printk in its lock-free mode otherwise. */
	KT_EXPECT_GT(t, printk("ktest_self: printk still works\n"), 0);
}

static __noinline void backtrace_inner(void)
{
	show_backtrace(current_frame_address());
	barrier();
}

static __noinline void backtrace_outer(void)
{
	backtrace_inner();
	barrier();
}

/*
 * The backtrace names the callers on the stack through kallsyms, innermost first: here
 * backtrace_outer (which called backtrace_inner), then this function.
 */
static void backtrace_is_symbolized(struct ktest *t)
{
	static char log[2048];
	char *outer, *self;

	backtrace_outer();
	log_buf_copy(log, sizeof(log));
	outer = strstr(log, "] backtrace_outer+0x");
	self = strstr(log, "] backtrace_is_symbolized+0x");
	KT_EXPECT_NOT_NULL(t, outer);
	KT_EXPECT_NOT_NULL(t, self);
	KT_EXPECT_TRUE(t, outer && self && outer < self);
}

static void kallsyms_finds_functions(struct ktest *t)
{
	unsigned long addr = (unsigned long)kallsyms_finds_functions;
	unsigned long off = ~0UL, size = 0;

	KT_EXPECT_STREQ(t, kallsyms_lookup(addr + 4, &off, &size), "kallsyms_finds_functions");
	KT_EXPECT_EQ(t, off, 4);
	KT_EXPECT_GT(t, size, 4);
	KT_EXPECT_EQ(t, kallsyms_lookup_name("kmain"), (unsigned long)kmain);
	KT_EXPECT_NULL(t, kallsyms_lookup(0x1000, NULL, NULL));
}

static const struct ktest_case ktest_self_cases[] = {
	KTEST_CASE(expectations_pass_on_truth),
	KTEST_CASE(expectations_record_falsehood),
	KTEST_CASE(expectations_evaluate_once),
	KTEST_CASE_XFAIL(failing_expectation_fails_the_case, "1 == 2 must fail"),
	KTEST_CASE_XFAIL(failing_assertion_ends_the_case, "1 == 2 must fail"),
	KTEST_CASE(assertion_ended_the_previous_case),
	KTEST_CASE(skip_is_reported_with_reason),
	KTEST_CASE_XFAIL(panic_fails_only_its_case, "panics on purpose"),
	KTEST_CASE_XFAIL(page_fault_fails_only_its_case, "writes to an unmapped page on purpose"),
	KTEST_CASE_XFAIL(protection_fault_fails_only_its_case,
			 "writes to a non-canonical address on purpose"),
	KTEST_CASE(runner_survives_panics),
	KTEST_CASE(backtrace_is_symbolized),
	KTEST_CASE(kallsyms_finds_functions),
	{}
};
KTEST_SUITE(ktest_self, ktest_self_cases);
