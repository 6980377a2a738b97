/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU timer lists (kernel/time/timer.h has the contract).
 *
 * Each CPU's timer_base holds its pending timers sorted by expiry, under base->lock (taken with
 * interrupts disabled: the tick looks at the list from hardirq context). A timer is on at most
 * one list; timer->cpu says which, so the functions below lock the right base. While a handler
 * runs, base->running points at its timer, which del_timer_sync() waits out.
 */
#include "kernel/time/timer.h"

#include <asm/percpu.h>

#include "kernel/irq/irq.h"
#include "kernel/locking/spinlock.h"
#include "kernel/panic/panic.h"

struct timer_base {
	spinlock_t lock;
	struct list_head pending; /* sorted by expires */
	struct timer_list *running;
};

volatile unsigned long jiffies;
static DEFINE_PER_CPU(struct timer_base, timer_bases);

void timer_setup(struct timer_list *timer, void (*function)(struct timer_list *))
{
	INIT_LIST_HEAD(&timer->entry);
	timer->function = function;
	timer->cpu = -1;
}

bool timer_pending(const struct timer_list *timer)
{
	return !list_empty(&timer->entry);
}

/*
 * Lock the base the timer belongs to. The timer may move between looking and locking, so look
 * again under the lock.
 */
static struct timer_base *lock_timer_base(struct timer_list *timer, unsigned long *flags)
{
	for (;;) {
		int cpu = READ_ONCE(timer->cpu);
		unsigned int owner = cpu < 0 ? smp_processor_id() : (unsigned int)cpu;
		struct timer_base *base = &per_cpu(timer_bases, owner);

		spin_lock_irqsave(&base->lock, *flags);
		if (READ_ONCE(timer->cpu) == cpu)
			return base;
		spin_unlock_irqrestore(&base->lock, *flags);
	}
}

static void enqueue(struct timer_base *base, struct timer_list *timer)
{
	struct timer_list *t;

	list_for_each_entry (t, &base->pending, entry)
		if (time_after(t->expires, timer->expires))
			break;
	list_add_tail(&timer->entry, &t->entry); /* before the first later one */
}

bool del_timer(struct timer_list *timer)
{
	unsigned long flags;
	struct timer_base *base = lock_timer_base(timer, &flags);
	bool was_pending = timer_pending(timer);

	if (was_pending)
		list_del_init(&timer->entry);
	spin_unlock_irqrestore(&base->lock, flags);
	return was_pending;
}

bool mod_timer(struct timer_list *timer, unsigned long expires)
{
	unsigned long flags;
	bool was_pending = del_timer(timer);
	struct timer_base *base;

	flags = local_irq_save(); /* stay on this CPU between choosing the base and locking it */
	base = this_cpu_ptr(timer_bases);
	spin_lock(&base->lock);
	timer->expires = expires;
	WRITE_ONCE(timer->cpu, (int)smp_processor_id());
	enqueue(base, timer);
	spin_unlock(&base->lock);
	local_irq_restore(flags);
	return was_pending;
}

bool del_timer_sync(struct timer_list *timer)
{
	for (;;) {
		unsigned long flags;
		struct timer_base *base = lock_timer_base(timer, &flags);
		bool running = base->running == timer;
		bool was_pending = false;

		if (!running) {
			was_pending = timer_pending(timer);
			if (was_pending)
				list_del_init(&timer->entry);
		}
		spin_unlock_irqrestore(&base->lock, flags);
		if (!running)
			return was_pending;
		cpu_relax(); /* its handler is running on another CPU: wait for it */
	}
}

/* TIMER softirq: run this CPU's expired timers, each with the lock dropped. */
static void run_timers(void)
{
	struct timer_base *base = this_cpu_ptr(timer_bases);
	unsigned long flags;

	spin_lock_irqsave(&base->lock, flags);
	for (;;) {
		struct timer_list *t =
		    list_first_entry_or_null(&base->pending, struct timer_list, entry);

		if (!t || time_after(t->expires, jiffies))
			break;
		list_del_init(&t->entry);
		base->running = t;
		spin_unlock_irqrestore(&base->lock, flags);
		t->function(t);
		spin_lock_irqsave(&base->lock, flags);
		base->running = NULL;
	}
	spin_unlock_irqrestore(&base->lock, flags);
}

void timer_tick(void)
{
	struct timer_base *base = this_cpu_ptr(timer_bases);
	struct timer_list *first;

	if (smp_processor_id() == 0)
		jiffies++;
	spin_lock(&base->lock); /* hardirq: interrupts are already off */
	first = list_first_entry_or_null(&base->pending, struct timer_list, entry);
	if (first && time_after_eq(jiffies, first->expires))
		raise_softirq_irqoff(TIMER_SOFTIRQ);
	spin_unlock(&base->lock);
}

void timers_init(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&per_cpu(timer_bases, cpu).lock);
		INIT_LIST_HEAD(&per_cpu(timer_bases, cpu).pending);
	}
	open_softirq(TIMER_SOFTIRQ, run_timers);
}
