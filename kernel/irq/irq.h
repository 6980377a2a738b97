/* SPDX-License-Identifier: MIT */
/*
 * Interrupts, portable side: entering and leaving hardirq context, and softirqs.
 *
 * A hardware interrupt runs its handler between irq_enter() and irq_exit(), with interrupts
 * disabled and the hardirq field of preempt_count raised. Work that can wait a little is handed
 * to a softirq: raise_softirq() marks it pending on this CPU, and irq_exit() runs pending
 * softirqs once the outermost interrupt is done, with interrupts enabled again and the softirq
 * field raised (in_softirq() is true, in_hardirq() false). If softirqs keep arriving, the loop
 * stops after a bounded time and leaves the rest pending for later, so a flood cannot hold the
 * CPU forever.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "kernel/sched/preempt.h"
#include "lib/types.h"

/* Softirq numbers, in order of priority (the lowest runs first), as in Linux. */
enum {
	HI_SOFTIRQ,
	TIMER_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	RCU_SOFTIRQ,
	TEST_SOFTIRQ, /* for the irq tests */
	NR_SOFTIRQS,
};

#define MAX_SOFTIRQ_RESTART 10 /* passes over the pending bits before giving up for now */
#define MAX_SOFTIRQ_TIME_NS 2000000ull

/* Install the handler of softirq nr (once, at boot). */
void open_softirq(int nr, void (*action)(void));
/* Tests only: swap the handler of a softirq they own. */
void open_softirq_replace(int nr, void (*action)(void));

/* Mark softirq nr pending on this CPU; it runs at the next irq_exit() or local_bh_enable(). */
void raise_softirq(int nr);
void raise_softirq_irqoff(int nr); /* the same, interrupts already disabled */

/* Bottom halves: no softirq runs on this CPU in between (they run at local_bh_enable). */
void local_bh_disable(void);
void local_bh_enable(void);

/* Called by the architecture's interrupt entry around every handler. */
void irq_enter(void);
void irq_exit(void);

/* Run pending softirqs now (interrupts enabled inside); a no-op in interrupt context. */
void do_softirq(void);

/* Statistics, for tests and /proc one day. */
struct softirq_stats {
	unsigned long runs[NR_SOFTIRQS]; /* handler invocations, all CPUs */
	unsigned long deferred;		 /* times the loop stopped with softirqs still pending */
	unsigned long ksoftirqd_runs;	 /* passes run by the ksoftirqd threads */
};
void softirq_get_stats(struct softirq_stats *stats);
/* Start ksoftirqd/N on every online CPU (boot, once the scheduler runs). */
void spawn_ksoftirqd(void);

#endif
