/* SPDX-License-Identifier: MIT */
/*
 * Locking primitives and the validator. The validator cases provoke a bad lock usage on purpose
 * (with a lock class of their own) and check that it was reported exactly once, and that correct
 * usage of another class is not reported.
 */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/percpu.h>

#include "kernel/irq/irq.h"
#include "kernel/ktest/ktest.h"
#include "kernel/locking/refcount.h"
#include "kernel/locking/spinlock.h"
#include "kernel/time/timer.h"

#define WAIT_TICKS_MAX (10 * HZ)

static void refcount_saturates_on_overflow(struct ktest *t)
{
	unsigned long warnings = refcount_warn_count();
	refcount_t r = REFCOUNT_INIT(0x7fffffff); /* INT_MAX */

	refcount_inc(&r);
	KT_EXPECT_EQ(t, (int)refcount_read(&r), REFCOUNT_SATURATED);
	KT_EXPECT_EQ(t, refcount_warn_count(), warnings + 1);
	refcount_inc(&r); /* saturated stays saturated, without a second report */
	KT_EXPECT_FALSE(t, refcount_dec_and_test(&r));
	KT_EXPECT_EQ(t, (int)refcount_read(&r), REFCOUNT_SATURATED);
	KT_EXPECT_EQ(t, refcount_warn_count(), warnings + 1);
}

static void refcount_saturates_on_underflow_and_uaf(struct ktest *t)
{
	unsigned long warnings = refcount_warn_count();
	refcount_t r = REFCOUNT_INIT(1);

	KT_EXPECT_TRUE(t, refcount_dec_and_test(&r));  /* the last reference */
	KT_EXPECT_FALSE(t, refcount_inc_not_zero(&r)); /* no resurrection */
	KT_EXPECT_EQ(t, refcount_read(&r), 0);
	KT_EXPECT_FALSE(t, refcount_dec_and_test(&r)); /* underflow */
	KT_EXPECT_EQ(t, (int)refcount_read(&r), REFCOUNT_SATURATED);
	KT_EXPECT_EQ(t, refcount_warn_count(), warnings + 1);
	refcount_set(&r, 0);
	refcount_inc(&r); /* increment from zero: a use after free */
	KT_EXPECT_EQ(t, (int)refcount_read(&r), REFCOUNT_SATURATED);
	KT_EXPECT_EQ(t, refcount_warn_count(), warnings + 2);
}

static void refcount_counts_normally(struct ktest *t)
{
	unsigned long warnings = refcount_warn_count();
	refcount_t r = REFCOUNT_INIT(1);

	refcount_inc(&r);
	KT_EXPECT_TRUE(t, refcount_inc_not_zero(&r));
	KT_EXPECT_EQ(t, refcount_read(&r), 3);
	KT_EXPECT_FALSE(t, refcount_dec_and_test(&r));
	refcount_dec(&r);
	KT_EXPECT_TRUE(t, refcount_dec_and_test(&r));
	KT_EXPECT_EQ(t, refcount_warn_count(), warnings);
}

static DEFINE_SPINLOCK(test_lock);
static DEFINE_SPINLOCK(sleep_test_lock);

static void trylock_fails_while_held(struct ktest *t)
{
	KT_EXPECT_TRUE(t, spin_trylock(&test_lock));
	KT_EXPECT_TRUE(t, spin_is_locked(&test_lock));
	KT_EXPECT_FALSE(t, spin_trylock(&test_lock));
	KT_EXPECT_EQ(t, preempt_count(), PREEMPT_OFFSET); /* a held spinlock disables preemption */
	spin_unlock(&test_lock);
	KT_EXPECT_FALSE(t, spin_is_locked(&test_lock));
	KT_EXPECT_EQ(t, preempt_count(), 0);
}

/* Two classes: one used badly (hardirq + irqs enabled), one used correctly everywhere. */
static DEFINE_SPINLOCK(irq_unsafe_lock);
static DEFINE_SPINLOCK(irq_safe_lock);
static volatile int in_irq_done;

static void take_locks_in_irq(void *data)
{
	spin_lock(&irq_unsafe_lock);
	spin_unlock(&irq_unsafe_lock);
	spin_lock(&irq_safe_lock); /* interrupts are off in a handler */
	spin_unlock(&irq_safe_lock);
	in_irq_done = 1;
}

static bool vector_installed;

static void run_in_hardirq(void)
{
	unsigned long start = jiffies;

	if (!vector_installed) {
		set_vector_handler(TEST_VECTOR + 1, take_locks_in_irq, NULL, "lockdep-test");
		vector_installed = true;
	}
	in_irq_done = 0;
	apic_send_ipi(this_cpu_data()->apic_id, APIC_DM_FIXED, TEST_VECTOR + 1);
	while (!in_irq_done && jiffies - start < WAIT_TICKS_MAX)
		arch_cpu_idle();
}

static void irq_unsafe_lock_is_reported_once(struct ktest *t)
{
	unsigned long reports = lockdep_report_count();
	unsigned long flags;

	run_in_hardirq();
	KT_ASSERT_TRUE(t, in_irq_done);
	KT_EXPECT_EQ(t, lockdep_report_count(), reports); /* so far only hardirq use: fine */
	spin_lock(&irq_unsafe_lock); /* interrupts enabled: the interrupt could now deadlock */
	spin_unlock(&irq_unsafe_lock);
	KT_EXPECT_EQ(t, lockdep_report_count(), reports + 1);
	spin_lock(&irq_unsafe_lock);
	spin_unlock(&irq_unsafe_lock);
	KT_EXPECT_EQ(t, lockdep_report_count(), reports + 1); /* once per class */
	/* The correct pattern: irqsave outside interrupts. Never reported. */
	spin_lock_irqsave(&irq_safe_lock, flags);
	spin_unlock_irqrestore(&irq_safe_lock, flags);
	KT_EXPECT_EQ(t, lockdep_report_count(), reports + 1);
}

static DEFINE_SPINLOCK(softirq_unsafe_lock);
static DEFINE_SPINLOCK(softirq_safe_lock);
static volatile int softirq_done;

static void take_locks_in_softirq(void)
{
	spin_lock(&softirq_unsafe_lock);
	spin_unlock(&softirq_unsafe_lock);
	spin_lock(&softirq_safe_lock);
	spin_unlock(&softirq_safe_lock);
	softirq_done = 1;
}

static struct timer_list softirq_timer;

static void softirq_timer_fn(struct timer_list *timer)
{
	take_locks_in_softirq();
}

static void softirq_unsafe_lock_is_reported(struct ktest *t)
{
	unsigned long reports = lockdep_report_count(), start = jiffies;

	softirq_done = 0;
	timer_setup(&softirq_timer, softirq_timer_fn); /* timers run in the TIMER softirq */
	mod_timer(&softirq_timer, jiffies + 1);
	while (!softirq_done && jiffies - start < WAIT_TICKS_MAX)
		arch_cpu_idle();
	KT_ASSERT_TRUE(t, softirq_done);
	spin_lock_bh(&softirq_safe_lock); /* correct: softirqs off while held */
	spin_unlock_bh(&softirq_safe_lock);
	KT_EXPECT_EQ(t, lockdep_report_count(), reports);
	spin_lock(&softirq_unsafe_lock); /* softirqs on: the softirq could deadlock on it */
	spin_unlock(&softirq_unsafe_lock);
	KT_EXPECT_EQ(t, lockdep_report_count(), reports + 1);
}

static void might_sleep_in_spinlock_is_reported(struct ktest *t)
{
	unsigned long reports = might_sleep_report_count();

	might_sleep(); /* task context, nothing held: fine */
	KT_EXPECT_EQ(t, might_sleep_report_count(), reports);
	spin_lock(&sleep_test_lock);
	might_sleep();
	spin_unlock(&sleep_test_lock);
	KT_EXPECT_EQ(t, might_sleep_report_count(), reports + 1);
}

static const struct ktest_case locking_cases[] = { KTEST_CASE(refcount_saturates_on_overflow),
						   KTEST_CASE(
						       refcount_saturates_on_underflow_and_uaf),
						   KTEST_CASE(refcount_counts_normally),
						   KTEST_CASE(trylock_fails_while_held),
						   KTEST_CASE(irq_unsafe_lock_is_reported_once),
						   KTEST_CASE(softirq_unsafe_lock_is_reported),
						   KTEST_CASE(might_sleep_in_spinlock_is_reported),
						   {} };
KTEST_SUITE(locking, locking_cases);
