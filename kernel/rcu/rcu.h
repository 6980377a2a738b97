/* SPDX-License-Identifier: MIT */
/*
 * RCU (read-copy update), as in Linux: readers take no lock, and an updater that unlinks an
 * object frees it only after a grace period, a time in which every CPU has passed through a
 * quiescent state, a point where it cannot be inside a reader.
 *
 *	rcu_read_lock();                         // reader: cheap, never blocks the writer
 *	p = rcu_dereference(gp);
 *	... use *p ...
 *	rcu_read_unlock();
 *
 *	old = gp; rcu_assign_pointer(gp, new);   // updater (under its own lock)
 *	call_rcu(&old->rcu, free_old);           // free_old runs after every reader of old is done
 *
 * Trefoil's readers are not preemptible (rcu_read_lock disables preemption, as Linux's RCU does
 * in a kernel without preemptible RCU), so a CPU is quiescent whenever it switches tasks, idles,
 * runs user code, or is interrupted by the tick while preemption is enabled. Sleeping inside a
 * reader is a bug, and might_sleep() reports it. docs/rcu.md tells the whole story.
 */
#ifndef KERNEL_RCU_RCU_H
#define KERNEL_RCU_RCU_H

#include "kernel/sched/preempt.h"
#include "lib/compiler.h"
#include "lib/types.h"

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

/* Reader nesting depth on this CPU (readers do not migrate: preemption is off inside). */
DECLARE_PER_CPU(int, rcu_read_nesting);

static inline void rcu_read_lock(void)
{
	preempt_disable();
	(*this_cpu_ptr(rcu_read_nesting))++;
}

void rcu_read_unlock_underflow(void);

static inline void rcu_read_unlock(void)
{
	int *nesting = this_cpu_ptr(rcu_read_nesting);

	if (unlikely(*nesting <= 0)) {
		rcu_read_unlock_underflow(); /* reported; the count stays at 0 */
		return;
	}
	(*nesting)--;
	preempt_enable();
}

/* Inside a reader on this CPU? (For assertions and the validator.) */
static inline int rcu_read_lock_nesting(void)
{
	return *this_cpu_ptr(rcu_read_nesting);
}
#define rcu_read_lock_held() (rcu_read_lock_nesting() > 0)

/* Fetch an RCU-protected pointer for use inside a reader. */
#define rcu_dereference(p) READ_ONCE(p)
/* Publish p: everything written to *v before is visible to a reader that sees v. */
#define rcu_assign_pointer(p, v) smp_store_release(&(p), (v))
/* Initialise or clear a pointer no reader can see yet (no ordering needed). */
#define RCU_INIT_POINTER(p, v) WRITE_ONCE(p, v)

/*
 * Call func(head) after a grace period, in softirq context (in_softirq() true) on this CPU.
 * Any context, interrupts on or off.
 */
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
/* Wait for a grace period: every reader that started before the call has finished. Sleeps. */
void synchronize_rcu(void);
/*
 * The same as synchronize_rcu(), faster, at the price of interrupting every CPU (repeatedly,
 * if some are inside readers). Sleeps.
 */
void synchronize_rcu_expedited(void);
/* Wait until every callback queued (on any CPU) before the call has run. Sleeps. */
void rcu_barrier(void);

/*
 * Polled grace periods: start_poll_synchronize_rcu() makes sure a grace period will start and
 * returns a cookie; poll_state_synchronize_rcu(cookie) is true once a full grace period has
 * passed since. get_state_synchronize_rcu() returns the cookie without starting anything.
 */
unsigned long get_state_synchronize_rcu(void);
unsigned long start_poll_synchronize_rcu(void);
bool poll_state_synchronize_rcu(unsigned long cookie);

/* Hooks: a context switch on this CPU is a quiescent state (called with interrupts off). */
void rcu_note_context_switch(void);
/* The tick, in hardirq context: note a quiescent state, and raise RCU_SOFTIRQ if needed. */
void rcu_sched_clock_irq(void);
/* Boot: the RCU softirq. */
void rcu_init(void);

#define RCU_BATCH_LIMIT 100 /* callbacks invoked per softirq pass, so a flood cannot hog a CPU */

struct rcu_stats {
	unsigned long gp_seq;	    /* grace periods started */
	unsigned long gp_completed; /* grace periods completed */
	unsigned long qsmask;	    /* CPUs that still owe the current grace period a report */
	unsigned long cbs_queued;   /* call_rcu() calls, all CPUs */
	unsigned long cbs_invoked;  /* callbacks run, all CPUs */
	unsigned long max_batch;    /* most callbacks run by one softirq pass */
	u64 longest_gp_ns;	    /* the slowest grace period, start to end */
};
void rcu_get_stats(struct rcu_stats *stats);

#endif
