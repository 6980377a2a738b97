/* SPDX-License-Identifier: MIT */
/*
 * Interrupts and contexts: a self-IPI runs its handler in hardirq context, a softirq raised there
 * runs after it in softirq context, the tick advances jiffies, and timers fire in expiry order.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/serial.h>

#include "kernel/irq/irq.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"

#define WAIT_TICKS_MAX (10 * HZ) /* only to catch a hang: the waits below take a few ticks */

struct context_seen {
	bool hardirq, softirq, serving_softirq, task, irqs_off;
	int order; /* when it ran, in sequence */
};

static struct context_seen in_irq_handler, in_softirq_handler;
static int sequence;

static void record(struct context_seen *seen)
{
	seen->hardirq = in_hardirq();
	seen->softirq = in_softirq();
	seen->serving_softirq = in_serving_softirq();
	seen->task = in_task();
	seen->irqs_off = irqs_disabled();
	seen->order = ++sequence;
}

static void test_softirq(void)
{
	record(&in_softirq_handler);
}

static void test_vector_handler(void *data)
{
	record(&in_irq_handler);
	raise_softirq_irqoff(TEST_SOFTIRQ);
}

static bool handlers_installed;

static void install_handlers(void)
{
	if (handlers_installed)
		return;
	set_vector_handler(TEST_VECTOR, test_vector_handler, NULL, "test");
	open_softirq(TEST_SOFTIRQ, test_softirq);
	handlers_installed = true;
}

/* Wait (interrupts on) until *flag is set or a generous number of ticks passed. */
static bool wait_for(volatile int *flag)
{
	unsigned long start = jiffies;

	while (!*flag && jiffies - start < WAIT_TICKS_MAX)
		arch_cpu_idle();
	return *flag;
}

static void self_ipi_runs_in_hardirq_then_softirq(struct ktest *t)
{
	unsigned long before = irq_count_of(TEST_VECTOR), spurious = spurious_irq_count();

	install_handlers();
	sequence = 0;
	in_irq_handler = in_softirq_handler = (struct context_seen){};
	KT_ASSERT_FALSE(t, irqs_disabled());
	apic_send_ipi(this_cpu_data()->apic_id, APIC_DM_FIXED, TEST_VECTOR);
	KT_ASSERT_TRUE(t, wait_for(&in_softirq_handler.order));
	KT_EXPECT_EQ(t, irq_count_of(TEST_VECTOR), before + 1);
	KT_EXPECT_EQ(t, spurious_irq_count(), spurious); /* dispatched, not taken for spurious */
	/* The handler: hardirq, interrupts off, not a task. */
	KT_EXPECT_TRUE(t, in_irq_handler.hardirq);
	KT_EXPECT_TRUE(t, in_irq_handler.irqs_off);
	KT_EXPECT_FALSE(t, in_irq_handler.task);
	KT_EXPECT_FALSE(t, in_irq_handler.serving_softirq);
	/* The softirq it raised: after it, softirq bit set, hardirq clear, interrupts on. */
	KT_EXPECT_EQ(t, in_irq_handler.order, 1);
	KT_EXPECT_EQ(t, in_softirq_handler.order, 2);
	KT_EXPECT_TRUE(t, in_softirq_handler.softirq);
	KT_EXPECT_TRUE(t, in_softirq_handler.serving_softirq);
	KT_EXPECT_FALSE(t, in_softirq_handler.hardirq);
	KT_EXPECT_FALSE(t, in_softirq_handler.task);
	KT_EXPECT_FALSE(t, in_softirq_handler.irqs_off);
	/* And back here: plain task context. */
	KT_EXPECT_TRUE(t, in_task());
	KT_EXPECT_EQ(t, preempt_count(), 0);
}

/* With bottom halves disabled, a raised softirq waits for local_bh_enable(). */
static void bh_disable_defers_softirqs(struct ktest *t)
{
	install_handlers();
	in_softirq_handler = (struct context_seen){};
	local_bh_disable();
	KT_EXPECT_TRUE(t, in_softirq());
	KT_EXPECT_FALSE(t, in_serving_softirq());
	raise_softirq(TEST_SOFTIRQ);
	apic_send_ipi(this_cpu_data()->apic_id, APIC_DM_FIXED, TEST_VECTOR); /* irq_exit passes */
	arch_cpu_idle();
	KT_EXPECT_EQ(t, in_softirq_handler.order, 0);
	local_bh_enable();
	KT_EXPECT_NE(t, in_softirq_handler.order, 0);
	KT_EXPECT_EQ(t, preempt_count(), 0);
}

static void tick_advances_jiffies(struct ktest *t)
{
	unsigned long start = jiffies;
	volatile int never = 0;

	while (jiffies == start && jiffies - start < WAIT_TICKS_MAX && !never)
		arch_cpu_idle();
	KT_EXPECT_NE(t, jiffies, start);
	KT_EXPECT_GT(t, irq_count_of(LOCAL_TIMER_VECTOR), 0);
}

#define NR_ORDER_TIMERS 3

static struct timer_list order_timers[NR_ORDER_TIMERS];
static int fired_order[NR_ORDER_TIMERS], nr_fired;
static unsigned long fired_at[NR_ORDER_TIMERS];
static volatile int all_fired;

static void order_timer_fn(struct timer_list *timer)
{
	int i = (int)(timer - order_timers);

	fired_at[i] = jiffies;
	fired_order[nr_fired++] = i;
	if (nr_fired == NR_ORDER_TIMERS)
		all_fired = 1;
}

static void timers_fire_in_expiry_order(struct ktest *t)
{
	static const unsigned long delay[NR_ORDER_TIMERS] = { 3, 1, 2 };
	unsigned long now = jiffies;

	unsigned long flags;

	nr_fired = 0;
	all_fired = 0;
	flags = local_irq_save(); /* no tick while arming: none may fire before all are armed */
	now = jiffies;
	for (int i = 0; i < NR_ORDER_TIMERS; i++) {
		timer_setup(&order_timers[i], order_timer_fn);
		KT_EXPECT_FALSE(t, mod_timer(&order_timers[i], now + delay[i]));
		KT_EXPECT_TRUE(t, timer_pending(&order_timers[i]));
	}
	local_irq_restore(flags);
	KT_ASSERT_TRUE(t, wait_for(&all_fired));
	KT_EXPECT_EQ(t, fired_order[0], 1);
	KT_EXPECT_EQ(t, fired_order[1], 2);
	KT_EXPECT_EQ(t, fired_order[2], 0);
	for (int i = 0; i < NR_ORDER_TIMERS; i++) {
		KT_EXPECT_TRUE(t, time_after_eq(fired_at[i], now + delay[i])); /* never early */
		KT_EXPECT_FALSE(t, timer_pending(&order_timers[i]));
	}
}

static volatile int cancelled_fired, witness_fired;

static void cancelled_fn(struct timer_list *timer)
{
	cancelled_fired = 1;
}

static void witness_fn(struct timer_list *timer)
{
	witness_fired = 1;
}

static void deleted_timer_never_fires(struct ktest *t)
{
	static struct timer_list cancelled, witness;
	unsigned long flags;

	cancelled_fired = witness_fired = 0;
	timer_setup(&cancelled, cancelled_fn);
	timer_setup(&witness, witness_fn);
	/* Interrupts off: no tick (and no TIMER softirq) can come between arming and deleting. */
	flags = local_irq_save();
	mod_timer(&cancelled, jiffies + 1);
	mod_timer(&witness, jiffies + 2);
	KT_EXPECT_TRUE(t, del_timer(&cancelled));
	KT_EXPECT_FALSE(t, del_timer(&cancelled));
	local_irq_restore(flags);
	KT_ASSERT_TRUE(t,
		       wait_for(&witness_fired)); /* the later timer fired: so would the earlier */
	KT_EXPECT_EQ(t, cancelled_fired, 0);
	KT_EXPECT_FALSE(t, del_timer_sync(&witness));
}

#define FLOOD_RAISES 100

static volatile int flood_runs;

/* A softirq that keeps raising itself: the run loop must stop and leave it for later. */
static void flood_softirq(void)
{
	if (++flood_runs < FLOOD_RAISES)
		raise_softirq(TEST_SOFTIRQ);
}

static void softirq_flood_is_bounded(struct ktest *t)
{
	struct softirq_stats before, after;
	unsigned long start = jiffies;

	install_handlers();
	softirq_get_stats(&before);
	flood_runs = 0;
	open_softirq_replace(TEST_SOFTIRQ, flood_softirq);
	raise_softirq(TEST_SOFTIRQ);
	/* Each interrupt exit runs at most MAX_SOFTIRQ_RESTART passes; ticks finish the rest. */
	while (flood_runs < FLOOD_RAISES && jiffies - start < WAIT_TICKS_MAX)
		arch_cpu_idle();
	open_softirq_replace(TEST_SOFTIRQ, test_softirq);
	softirq_get_stats(&after);
	KT_EXPECT_EQ(t, flood_runs, FLOOD_RAISES);
	KT_EXPECT_GE(t, after.deferred - before.deferred, FLOOD_RAISES / MAX_SOFTIRQ_RESTART - 1);
}

#define BIG_FLOOD_RAISES 2000
static volatile int big_flood_runs;

static void big_flood_softirq(void)
{
	if (++big_flood_runs < BIG_FLOOD_RAISES)
		raise_softirq(TEST_SOFTIRQ);
}

/*
 * When the run loop gives up on a flood, ksoftirqd takes over in task context: with this task
 * asleep, this CPU would otherwise idle between ticks, and ksoftirqd finishes the flood there.
 */
static void ksoftirqd_takes_over_a_softirq_flood(struct ktest *t)
{
	struct softirq_stats before, after;
	unsigned long start = jiffies;

	install_handlers();
	softirq_get_stats(&before);
	big_flood_runs = 0;
	open_softirq_replace(TEST_SOFTIRQ, big_flood_softirq);
	raise_softirq(TEST_SOFTIRQ);
	while (big_flood_runs < BIG_FLOOD_RAISES && jiffies - start < WAIT_TICKS_MAX)
		msleep(1);
	open_softirq_replace(TEST_SOFTIRQ, test_softirq);
	softirq_get_stats(&after);
	KT_EXPECT_EQ(t, big_flood_runs, BIG_FLOOD_RAISES);
	KT_EXPECT_GT(t, after.ksoftirqd_runs, before.ksoftirqd_runs);
}

/* The reschedule IPI reaches the other CPU's handler. */
static void reschedule_ipi_reaches_another_cpu(struct ktest *t)
{
	unsigned long before = irq_count_of(RESCHEDULE_VECTOR), start = jiffies;

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU");
	smp_send_reschedule(1);
	while (irq_count_of(RESCHEDULE_VECTOR) == before && jiffies - start < WAIT_TICKS_MAX)
		arch_cpu_idle();
	/* At least ours: a wake-up elsewhere may send one more meanwhile. */
	KT_EXPECT_GE(t, irq_count_of(RESCHEDULE_VECTOR), before + 1);
}

/*
 * A byte sent with the UART in loopback comes back through the receive interrupt: COM1's IRQ 4,
 * routed by the I/O APIC to a vector on CPU 0. Nothing may print meanwhile (it would loop too).
 */
static void com1_receive_interrupt_arrives_through_the_ioapic(struct ktest *t)
{
	unsigned long before = serial_rx_count(), start = jiffies;
	int c;

	while (serial_read_char() >= 0) /* drop anything typed before */
		;
	serial_set_loopback(true);
	serial_write_byte('T');
	while (serial_rx_count() == before && jiffies - start < WAIT_TICKS_MAX)
		arch_cpu_idle();
	serial_set_loopback(false);
	c = serial_read_char();
	KT_EXPECT_EQ(t, serial_rx_count(), before + 1);
	KT_EXPECT_EQ(t, c, 'T');
	KT_EXPECT_GT(t, irq_count_of(FIRST_DEVICE_VECTOR + 4), 0); /* GSI 4: not overridden */
}

static const struct ktest_case irq_cases[] = {
	KTEST_CASE(self_ipi_runs_in_hardirq_then_softirq),
	KTEST_CASE(bh_disable_defers_softirqs),
	KTEST_CASE(tick_advances_jiffies),
	KTEST_CASE(timers_fire_in_expiry_order),
	KTEST_CASE(deleted_timer_never_fires),
	KTEST_CASE(softirq_flood_is_bounded),
	KTEST_CASE(ksoftirqd_takes_over_a_softirq_flood),
	KTEST_CASE(reschedule_ipi_reaches_another_cpu),
	KTEST_CASE(com1_receive_interrupt_arrives_through_the_ioapic),
	{}
};
KTEST_SUITE(irq, irq_cases);
