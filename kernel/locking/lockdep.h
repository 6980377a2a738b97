/* SPDX-License-Identifier: MIT */
/*
 * A small lock validator, after Linux's lockdep. Each lock class remembers the contexts it has
 * been taken in, with the backtrace of the first time for each:
 *
 *	USED_IN_HARDIRQ     taken inside a hardware interrupt handler
 *	USED_IN_SOFTIRQ     taken inside a softirq handler (an RCU callback, a timer)
 *	ENABLED_HARDIRQ     taken with interrupts enabled
 *	ENABLED_SOFTIRQ     taken with softirqs able to run (interrupts on, bottom halves on)
 *
 * A class used in hardirq context and also taken with interrupts enabled can deadlock: the
 * interrupt may arrive on a CPU that holds the lock and spin forever on it. The same goes for
 * softirq context and softirqs enabled. The first time a class shows such a pair, the validator
 * prints one report with both backtraces and counts it. might_sleep() reports sleeping where it
 * is not allowed (preemption or interrupts disabled, a spinlock held, interrupt context).
 */
#ifndef KERNEL_LOCKING_LOCKDEP_H
#define KERNEL_LOCKING_LOCKDEP_H

#include "lib/types.h"

enum lock_usage_bit {
	LOCK_USED_IN_HARDIRQ,
	LOCK_USED_IN_SOFTIRQ,
	LOCK_ENABLED_HARDIRQ,
	LOCK_ENABLED_SOFTIRQ,
	LOCK_USAGE_BITS,
};

#define LOCK_TRACE_DEPTH 8

struct lock_class {
	const char *name;
	unsigned int usage; /* bits of enum lock_usage_bit; set atomically */
	bool reported;	    /* one report per class */
	unsigned long trace[LOCK_USAGE_BITS][LOCK_TRACE_DEPTH]; /* first use of each usage bit */
};

/* Called on every acquisition of a lock of this class (before spinning on it). */
void lock_acquire(struct lock_class *class);

/* Reports found so far (for tests). */
unsigned long lockdep_report_count(void);

/* Report a sleep in atomic context, once per call site. */
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)
unsigned long might_sleep_report_count(void);

#endif
