/* SPDX-License-Identifier: MIT */
/*
 * Softirqs: deferred interrupt work, per CPU (kernel/irq/irq.h has the contract).
 *
 * The pending bits live in this CPU's cpu_data and change only with interrupts disabled. The run
 * loop takes a snapshot of them, clears them, and runs each handler with interrupts enabled and
 * SOFTIRQ_OFFSET in preempt_count; then it looks again, at most MAX_SOFTIRQ_RESTART times and for
 * at most MAX_SOFTIRQ_TIME_NS. What is still pending then is handed to this CPU's ksoftirqd
 * thread, which runs the same loop in task context: the scheduler shares the CPU between it and
 * everything else, so a flood of softirqs slows the system down instead of stopping it.
 */
#include "kernel/irq/irq.h"

#include <asm/cpu.h>
#include <asm/percpu.h>

#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/kthread.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"

static void (*softirq_vec[NR_SOFTIRQS])(void);
static unsigned long softirq_runs[NR_SOFTIRQS]; /* statistics only: updated without a lock */
static unsigned long softirq_deferred;
static unsigned long ksoftirqd_runs;
static DEFINE_PER_CPU(struct task_struct *, ksoftirqd); /* set at boot, before it can be woken */

static void wakeup_softirqd(void)
{
	struct task_struct *tsk = *this_cpu_ptr(ksoftirqd);

	if (tsk)
		wake_up_process(tsk);
}

void open_softirq(int nr, void (*action)(void))
{
	BUG_ON(nr < 0 || nr >= NR_SOFTIRQS || softirq_vec[nr]);
	softirq_vec[nr] = action;
}

void open_softirq_replace(int nr, void (*action)(void))
{
	BUG_ON(nr < 0 || nr >= NR_SOFTIRQS);
	WRITE_ONCE(softirq_vec[nr], action);
}

void raise_softirq_irqoff(int nr)
{
	this_cpu_data()->softirq_pending |= 1ul << nr;
}

void raise_softirq(int nr)
{
	unsigned long flags = local_irq_save();

	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/* Called with interrupts disabled and softirqs not already running or disabled. */
static void handle_softirqs(void)
{
	u64 deadline = ktime_get_ns() + MAX_SOFTIRQ_TIME_NS;
	int restarts = MAX_SOFTIRQ_RESTART;
	struct cpu_data *cpu = this_cpu_data();
	unsigned long pending;

	preempt_count_add(SOFTIRQ_OFFSET);
	while ((pending = cpu->softirq_pending)) {
		cpu->softirq_pending = 0;
		local_irq_enable();
		for (int nr = 0; pending; nr++, pending >>= 1) {
			if (!(pending & 1))
				continue;
			if (WARN_ON_ONCE(!softirq_vec[nr]))
				continue;
			softirq_vec[nr]();
			softirq_runs[nr]++;
		}
		local_irq_disable();
		if (--restarts == 0 || ktime_get_ns() > deadline) {
			if (cpu->softirq_pending) {
				softirq_deferred++;
				wakeup_softirqd();
			}
			break;
		}
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	flags = local_irq_save();
	if (this_cpu_data()->softirq_pending)
		handle_softirqs();
	local_irq_restore(flags);
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
	barrier();
}

void local_bh_enable(void)
{
	barrier();
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
	if (!in_interrupt() && READ_ONCE(this_cpu_data()->softirq_pending))
		do_softirq();
	if (need_resched())
		preempt_schedule(); /* a preemption point, like preempt_enable() (it checks the rest) */
}

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

/* Interrupts are disabled here; the softirqs run with them enabled. */
void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && this_cpu_data()->softirq_pending)
		handle_softirqs();
}

/*
 * ksoftirqd/N: bound to CPU N, it sleeps until handle_softirqs() gives up with work pending,
 * then runs the softirqs of its CPU in task context, preemptible between passes.
 */
static int run_ksoftirqd(void *unused)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(this_cpu_data()->softirq_pending)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		local_irq_disable();
		if (this_cpu_data()->softirq_pending) {
			handle_softirqs();
			__atomic_add_fetch(&ksoftirqd_runs, 1, __ATOMIC_RELAXED);
		}
		local_irq_enable();
		cond_resched();
	}
	return 0;
}

void spawn_ksoftirqd(void)
{
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		struct task_struct *tsk = kthread_create(run_ksoftirqd, NULL, "ksoftirqd/%u", cpu);

		if (IS_ERR(tsk))
			panic("softirq: cannot create ksoftirqd/%u", cpu);
		kthread_bind(tsk, cpu);
		per_cpu(ksoftirqd, cpu) = tsk;
		wake_up_process(tsk);
	}
}

void softirq_get_stats(struct softirq_stats *stats)
{
	for (int nr = 0; nr < NR_SOFTIRQS; nr++)
		stats->runs[nr] = READ_ONCE(softirq_runs[nr]);
	stats->deferred = READ_ONCE(softirq_deferred);
	stats->ksoftirqd_runs = READ_ONCE(ksoftirqd_runs);
}
