/* SPDX-License-Identifier: MIT */
/*
 * Several CPUs: every CPU the firmware lists came up, runs functions sent by IPI, and shares a
 * spinlock correctly. Run with 1 CPU, the cross-CPU cases are skipped; make check runs 1 and 4.
 */
#include <asm/acpi.h>
#include <asm/percpu.h>

#include "kernel/irq/irq.h"
#include "kernel/ktest/ktest.h"
#include "kernel/locking/spinlock.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"

#define LOCK_ROUNDS		400
#define CRITICAL_SECTION_PAUSES 200 /* a wide window: without the lock, updates get lost */
#define HANDLER_SPIN_MS		50

static void every_listed_cpu_is_online(struct ktest *t)
{
	const struct acpi_madt_info *madt = acpi_madt();
	unsigned int enabled = 0;

	KT_ASSERT_NOT_NULL(t, madt);
	for (u32 i = 0; i < madt->nr_cpus; i++)
		enabled += madt->cpus[i].enabled;
	KT_EXPECT_EQ(t, num_online_cpus(), enabled);
	KT_EXPECT_TRUE(t, cpu_online(0));
	KT_EXPECT_EQ(t, smp_processor_id(), 0);
}

struct where {
	unsigned int cpu;
	bool hardirq;
	u32 apic_id;
};

static void record_where(void *info)
{
	struct where *w = info;

	w->cpu = smp_processor_id();
	w->hardirq = in_hardirq();
	w->apic_id = this_cpu_data()->apic_id;
}

static void each_cpu_runs_a_function_by_ipi(struct ktest *t)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
	{
		struct where w = { .cpu = ~0u };

		KT_EXPECT_EQ(t, smp_call_function_single(cpu, record_where, &w, true), 0);
		KT_EXPECT_EQ(t, w.cpu, cpu);
		KT_EXPECT_EQ(t, w.apic_id, cpu_data[cpu].apic_id);
		/* Another CPU runs it in its IPI handler; this one calls it directly. */
		KT_EXPECT_EQ(t, w.hardirq, cpu != 0);
	}
	KT_EXPECT_NE(t, smp_call_function_single(NR_CPUS - 1, record_where, NULL, true), 0);
}

static void count_call(void *info)
{
	__atomic_add_fetch((unsigned long *)info, 1ul << (smp_processor_id() * 4),
			   __ATOMIC_SEQ_CST);
}

/* on_each_cpu with wait returns only after every CPU ran the function, once each. */
static void on_each_cpu_waits_for_all(struct ktest *t)
{
	unsigned long calls = 0, expected = 0;
	unsigned int cpu;

	if (num_online_cpus() > 16)
		KT_SKIP(t, "the per-CPU counters below hold 16 CPUs");
	on_each_cpu(count_call, &calls, true);
	for_each_online_cpu(cpu) expected += 1ul << (cpu * 4);
	KT_EXPECT_EQ(t, calls, expected);
}

static DEFINE_SPINLOCK(counter_lock);
/* Not atomic, and volatile so each round is a separate load and store: only the lock keeps it exact. */
static volatile unsigned long shared_counter;
static int finished_cpus;

/* Runs on the other CPUs in their IPI handler and here in task context: irqsave everywhere. */
static void hammer_counter(void *info)
{
	for (int i = 0; i < LOCK_ROUNDS; i++) {
		unsigned long flags, v;

		spin_lock_irqsave(&counter_lock, flags);
		v = shared_counter;
		for (int k = 0; k < CRITICAL_SECTION_PAUSES; k++)
			cpu_relax();
		shared_counter = v + 1;
		spin_unlock_irqrestore(&counter_lock, flags);
	}
	__atomic_add_fetch(&finished_cpus, 1, __ATOMIC_SEQ_CST);
}

static void spinlock_counts_exactly_on_all_cpus(struct ktest *t)
{
	unsigned int n = num_online_cpus();

	if (n < 2)
		KT_SKIP(t, "needs at least 2 CPUs");
	shared_counter = 0;
	finished_cpus = 0;
	smp_call_function(hammer_counter, NULL, false); /* the others start ... */
	hammer_counter(NULL);				/* ... and so does this one */
	while (__atomic_load_n(&finished_cpus, __ATOMIC_SEQ_CST) < (int)n)
		cpu_relax();
	KT_EXPECT_EQ(t, shared_counter, (unsigned long)LOCK_ROUNDS * n);
}

static struct timer_list slow_timer;
static volatile int slow_started, slow_finished;

static void slow_timer_fn(struct timer_list *timer)
{
	slow_started = 1;
	mdelay(HANDLER_SPIN_MS);
	slow_finished = 1;
}

static void arm_slow_timer(void *info)
{
	mod_timer(&slow_timer, jiffies + 1); /* armed on, so run by, this other CPU */
}

/* del_timer_sync on a timer whose handler is running on another CPU waits for it to end. */
static void del_timer_sync_waits_for_a_running_handler(struct ktest *t)
{
	unsigned long start = jiffies;

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU to run the handler");
	slow_started = slow_finished = 0;
	timer_setup(&slow_timer, slow_timer_fn);
	KT_ASSERT_EQ(t, smp_call_function_single(1, arm_slow_timer, NULL, true), 0);
	while (!slow_started && jiffies - start < 10 * HZ)
		cpu_relax();
	KT_ASSERT_TRUE(t, slow_started);
	KT_EXPECT_FALSE(t, del_timer_sync(&slow_timer)); /* running, not pending */
	KT_EXPECT_TRUE(t, slow_finished);		 /* ... and we waited for it */
}

static const struct ktest_case smp_cases[] = { KTEST_CASE(every_listed_cpu_is_online),
					       KTEST_CASE(each_cpu_runs_a_function_by_ipi),
					       KTEST_CASE(on_each_cpu_waits_for_all),
					       KTEST_CASE(spinlock_counts_exactly_on_all_cpus),
					       KTEST_CASE(
						   del_timer_sync_waits_for_a_running_handler),
					       {} };
KTEST_SUITE(smp, smp_cases);
