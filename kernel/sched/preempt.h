/* SPDX-License-Identifier: MIT */
/*
 * preempt_count and the execution-context predicates, as in Linux.
 *
 * Each CPU has a preempt_count with three fields:
 *
 *	bits  0- 7  preemption disabled (nesting depth of preempt_disable and spinlocks)
 *	bits  8-15  softirq: +1 (SOFTIRQ_OFFSET) while a softirq handler runs,
 *	            +2 (SOFTIRQ_DISABLE_OFFSET) per local_bh_disable()
 *	bits 16-19  hardirq nesting depth (irq_enter/irq_exit)
 *
 * "May I sleep here?", "may I take this lock?": every such rule is a question about these
 * fields and the interrupt flag, asked through the predicates below.
 */
#ifndef KERNEL_SCHED_PREEMPT_H
#define KERNEL_SCHED_PREEMPT_H

#include <asm/cpu.h>
#include <asm/percpu.h>

#define PREEMPT_BITS 8
#define SOFTIRQ_BITS 8
#define HARDIRQ_BITS 4

#define PREEMPT_SHIFT 0
#define SOFTIRQ_SHIFT (PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT (SOFTIRQ_SHIFT + SOFTIRQ_BITS)

#define PREEMPT_OFFSET	       (1 << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	       (1 << SOFTIRQ_SHIFT)
#define SOFTIRQ_DISABLE_OFFSET (2 * SOFTIRQ_OFFSET)
#define HARDIRQ_OFFSET	       (1 << HARDIRQ_SHIFT)

#define PREEMPT_MASK (((1 << PREEMPT_BITS) - 1) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK (((1 << SOFTIRQ_BITS) - 1) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK (((1 << HARDIRQ_BITS) - 1) << HARDIRQ_SHIFT)

static inline int preempt_count(void)
{
	return this_cpu_preempt_count();
}

static inline void preempt_count_add(int val)
{
	this_cpu_preempt_count_add(val);
}

static inline void preempt_count_sub(int val)
{
	this_cpu_preempt_count_add(-val);
}

#define hardirq_count() (preempt_count() & HARDIRQ_MASK)
#define softirq_count() (preempt_count() & SOFTIRQ_MASK)
#define irq_count()	(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK))

/* In a hardware interrupt handler. */
#define in_hardirq()	     (hardirq_count() != 0)
/* Running a softirq handler (not merely with bottom halves disabled). */
#define in_serving_softirq() ((softirq_count() & SOFTIRQ_OFFSET) != 0)
/* Running a softirq, or with bottom halves disabled: softirqs cannot run here. */
#define in_softirq()	     (softirq_count() != 0)
/* In any interrupt context, or with bottom halves disabled. */
#define in_interrupt()	     (irq_count() != 0)
/* Plain task context: neither hardirq nor a softirq handler. */
#define in_task()	     (!(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_OFFSET)))

/* Atomic: sleeping is not allowed (preemption off, a spinlock held, interrupt context, IRQs off). */
#define in_atomic() (preempt_count() != 0)

static inline void preempt_disable(void)
{
	preempt_count_add(PREEMPT_OFFSET);
	barrier();
}

/* Set by the scheduler when the task on this CPU should give up the CPU. */
static inline bool need_resched(void)
{
	return this_cpu_need_resched() != 0;
}

/* Schedule if a reschedule is due and this is a point where preemption is allowed. */
void preempt_schedule(void);

/*
 * The other half of preempt_disable(). Reaching zero is a preemption point: a task woken
 * meanwhile, or a time slice that ran out while preemption was off, takes the CPU here.
 */
static inline void preempt_enable(void)
{
	barrier();
	preempt_count_sub(PREEMPT_OFFSET);
	if (unlikely(preempt_count() == 0 && need_resched()))
		preempt_schedule();
}

/* preempt_enable() without the preemption point, for the scheduler itself. */
static inline void preempt_enable_no_resched(void)
{
	barrier();
	preempt_count_sub(PREEMPT_OFFSET);
}

#endif
