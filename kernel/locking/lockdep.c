/* SPDX-License-Identifier: MIT */
/*
 * The lock validator (kernel/locking/lockdep.h has the rules it checks).
 *
 * lock_acquire() works out the usage bits of the current context, and for each bit the class
 * sees for the first time it records a backtrace (the CPU that sets the bit, and only it, writes
 * that trace). Then it looks for the two dangerous pairs. The check runs on every acquisition
 * but costs a few instructions once a class has seen its contexts.
 */
#include "kernel/locking/lockdep.h"

#include <asm/cpu.h>

#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/rcu/rcu.h"
#include "kernel/sched/preempt.h"

static unsigned long lockdep_reports;
static unsigned long might_sleep_reports;

static const char *const usage_text[LOCK_USAGE_BITS] = {
	[LOCK_USED_IN_HARDIRQ] = "in hardirq context",
	[LOCK_USED_IN_SOFTIRQ] = "in softirq context",
	[LOCK_ENABLED_HARDIRQ] = "with interrupts enabled",
	[LOCK_ENABLED_SOFTIRQ] = "with softirqs enabled",
};

static unsigned int current_usage(void)
{
	unsigned int usage = 0;
	bool irqs_on = !irqs_disabled();

	if (in_hardirq())
		usage |= 1u << LOCK_USED_IN_HARDIRQ;
	if (in_serving_softirq())
		usage |= 1u << LOCK_USED_IN_SOFTIRQ;
	if (irqs_on)
		usage |= 1u << LOCK_ENABLED_HARDIRQ;
	if (irqs_on && !in_softirq() && !in_hardirq())
		usage |= 1u << LOCK_ENABLED_SOFTIRQ;
	return usage;
}

static void report(struct lock_class *class, int used_in, int enabled)
{
	if (__atomic_exchange_n(&class->reported, true, __ATOMIC_RELAXED))
		return; /* one report per class */
	__atomic_add_fetch(&lockdep_reports, 1, __ATOMIC_RELAXED);
	pr_err("WARNING: inconsistent lock state: lock class \"%s\" is taken %s and %s; an "
	       "interrupt arriving while it is held can deadlock\n",
	       class->name, usage_text[used_in], usage_text[enabled]);
	pr_err("first taken %s at:\n", usage_text[used_in]);
	stack_trace_print(class->trace[used_in], LOCK_TRACE_DEPTH);
	pr_err("first taken %s at:\n", usage_text[enabled]);
	stack_trace_print(class->trace[enabled], LOCK_TRACE_DEPTH);
}

static bool both(unsigned int usage, int a, int b)
{
	return (usage & (1u << a)) && (usage & (1u << b));
}

void lock_acquire(struct lock_class *class)
{
	unsigned int usage = current_usage();
	unsigned int old, added;

	if ((READ_ONCE(class->usage) & usage) == usage)
		return; /* nothing new */
	old = __atomic_fetch_or(&class->usage, usage, __ATOMIC_RELAXED);
	added = usage & ~old;
	for (int bit = 0; bit < LOCK_USAGE_BITS; bit++)
		if (added & (1u << bit))
			stack_trace_save(current_frame_address(), class->trace[bit],
					 LOCK_TRACE_DEPTH);
	usage |= old;
	if (both(usage, LOCK_USED_IN_HARDIRQ, LOCK_ENABLED_HARDIRQ))
		report(class, LOCK_USED_IN_HARDIRQ, LOCK_ENABLED_HARDIRQ);
	else if (both(usage, LOCK_USED_IN_SOFTIRQ, LOCK_ENABLED_SOFTIRQ))
		report(class, LOCK_USED_IN_SOFTIRQ, LOCK_ENABLED_SOFTIRQ);
}

unsigned long lockdep_report_count(void)
{
	return READ_ONCE(lockdep_reports);
}

#define MIGHT_SLEEP_SITES 64

/* Call sites already reported, so a loop reports once. */
static struct {
	const char *file;
	int line;
} reported_sites[MIGHT_SLEEP_SITES];

static bool first_report_here(const char *file, int line)
{
	for (int i = 0; i < MIGHT_SLEEP_SITES; i++) {
		if (reported_sites[i].file == file && reported_sites[i].line == line)
			return false;
		if (!reported_sites[i].file) {
			reported_sites[i].file = file;
			reported_sites[i].line = line;
			return true;
		}
	}
	return true; /* table full: report anyway */
}

void __might_sleep(const char *file, int line)
{
	int count = preempt_count();
	bool irqs_off = irqs_disabled();

	if (count == 0 && !irqs_off)
		return;
	__atomic_add_fetch(&might_sleep_reports, 1, __ATOMIC_RELAXED);
	if (!first_report_here(file, line))
		return;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, preempt_count: %#x (%s)\n", count != 0,
	       irqs_off, count,
	       in_hardirq()		 ? "hardirq"
	       : in_serving_softirq()	 ? "softirq"
	       : rcu_read_lock_nesting() ? "inside an RCU read-side critical section"
	       : count			 ? "preemption disabled or a spinlock held"
					 : "interrupts disabled");
	show_backtrace(current_frame_address());
}

unsigned long might_sleep_report_count(void)
{
	return READ_ONCE(might_sleep_reports);
}
