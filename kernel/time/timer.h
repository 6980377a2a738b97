/* SPDX-License-Identifier: MIT */
/*
 * Timers: call a function from the TIMER softirq once jiffies reach a given value.
 *
 * jiffies counts ticks since the tick started (HZ per second). Each CPU keeps its own timers,
 * sorted by expiry, and checks the first one at every tick; expired timers run in softirq
 * context on the CPU that armed them. del_timer_sync() also waits for a handler that is running
 * right now (on any CPU), so after it returns the timer's memory may be freed.
 */
#ifndef KERNEL_TIME_TIMER_H
#define KERNEL_TIME_TIMER_H

#include "kernel/time/time.h"
#include "lib/list.h"
#include "lib/types.h"

#define HZ 1000

/* Ticks since the tick started; written by CPU 0's tick only. */
extern volatile unsigned long jiffies;

struct timer_list {
	struct list_head entry; /* on a CPU's timer list while pending; under that list's lock */
	unsigned long expires;	/* in jiffies */
	void (*function)(struct timer_list *timer);
	int cpu; /* whose list it is on (or last ran on); -1: never armed */
};

static inline unsigned long msecs_to_jiffies(unsigned long ms)
{
	return (ms * HZ + 999) / 1000;
}

/* jiffies comparisons that survive wrap-around. */
#define time_after(a, b)    ((long)((b) - (a)) < 0)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)

void timer_setup(struct timer_list *timer, void (*function)(struct timer_list *));

/* (Re)arm the timer on this CPU to fire at `expires`; returns whether it was pending before. */
bool mod_timer(struct timer_list *timer, unsigned long expires);

/* Disarm; returns whether it was pending. The handler may still be running elsewhere. */
bool del_timer(struct timer_list *timer);

/* Disarm and wait until the handler is not running anywhere. Not from the timer's own handler. */
bool del_timer_sync(struct timer_list *timer);

bool timer_pending(const struct timer_list *timer);

/* Called at every tick on every CPU, in hardirq context. */
void timer_tick(void);

/* Set up the TIMER softirq (boot). */
void timers_init(void);

#endif
