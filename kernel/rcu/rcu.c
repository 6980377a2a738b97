/* SPDX-License-Identifier: MIT */
/*
 * Grace periods and callbacks (kernel/rcu/rcu.h has the contract, docs/rcu.md the story).
 *
 * The grace-period state machine is global and small:
 *
 *	idle  --(some callback needs GP n+1)-->  GP n+1 running: qsmask = online CPUs
 *	GP running  --(the last CPU in qsmask reports a quiescent state)-->  completed = n+1,
 *	            then straight into GP n+2 if a callback already needs it, else idle
 *
 * gp_seq counts grace periods started and gp_completed those finished: a GP runs while they
 * differ. Each CPU notices a new GP (in its RCU softirq), forgets any earlier quiescent state,
 * waits for a fresh one (context switch, idle, user mode, or a tick that interrupted
 * preemptible code) and reports it by clearing its bit in qsmask.
 *
 * Callbacks are queued per CPU on one list cut into segments, oldest first:
 *
 *	DONE        its grace period has completed: ready to invoke
 *	WAIT        waiting for grace period gp[WAIT]
 *	NEXT_READY  waiting for grace period gp[NEXT_READY] (a later one)
 *	NEXT        just queued, not yet assigned a grace period
 *
 * A new callback must wait for a GP that starts after it was queued: the next one, gp_seq + 1,
 * whether or not a GP is running now. The RCU softirq of each CPU moves segments forward as GPs
 * complete and runs the DONE callbacks, at most RCU_BATCH_LIMIT per pass.
 */
#include "kernel/rcu/rcu.h"

#include <asm/cpu.h>
#include <asm/percpu.h>

#include "kernel/irq/irq.h"
#include "kernel/locking/spinlock.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/mutex.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"

enum { RCU_DONE, RCU_WAIT, RCU_NEXT_READY, RCU_NEXT, RCU_NSEGS };

/* One CPU's callbacks: a singly linked list and, per segment, where that segment ends. */
struct rcu_cblist {
	struct rcu_head *head;
	struct rcu_head **tails[RCU_NSEGS]; /* &next of the segment's last callback */
	unsigned long gp[RCU_NSEGS];	    /* for WAIT and NEXT_READY: the GP they wait for */
	long len;
};

/* Per CPU; only that CPU touches it, with interrupts disabled (call_rcu may come from IRQs). */
struct rcu_data {
	struct rcu_cblist cbs;
	unsigned long gp_seen; /* the GP this CPU has noticed */
	bool qs_pending;       /* it owes GP gp_seen a quiescent state */
	bool passed_qs;	       /* one happened since it noticed */
	unsigned long queued, invoked;
};

static struct {
	spinlock_t lock; /* everything below; interrupts disabled */
	unsigned long gp_seq;
	unsigned long gp_completed;
	unsigned long gp_needed; /* the latest GP some callback waits for */
	unsigned long qsmask;
	u64 gp_start_ns;
	u64 longest_gp_ns;
	unsigned long max_batch;
} rcu_state = { .lock = __SPIN_LOCK_UNLOCKED(rcu_state.lock) };

DEFINE_PER_CPU(int, rcu_read_nesting);
static DEFINE_PER_CPU(struct rcu_data, rcu_data);

void rcu_read_unlock_underflow(void)
{
	WARN_ON_ONCE("rcu_read_unlock() without rcu_read_lock()");
}

static bool gp_in_progress(void)
{
	return rcu_state.gp_seq != rcu_state.gp_completed;
}

/* Start the next GP if one is needed and none runs. Caller holds rcu_state.lock. */
static void rcu_start_gp_locked(void)
{
	if (gp_in_progress() || (long)(rcu_state.gp_needed - rcu_state.gp_seq) <= 0)
		return;
	rcu_state.gp_seq++;
	rcu_state.qsmask = READ_ONCE(cpu_online_mask);
	rcu_state.gp_start_ns = ktime_get_ns();
}

/* The last CPU reported: the GP is over. Caller holds rcu_state.lock. */
static void rcu_end_gp_locked(void)
{
	u64 took = ktime_get_ns() - rcu_state.gp_start_ns;

	WRITE_ONCE(rcu_state.gp_completed, rcu_state.gp_seq);
	if (took > rcu_state.longest_gp_ns)
		rcu_state.longest_gp_ns = took;
	rcu_start_gp_locked();
}

/* This CPU passed a quiescent state for GP gp: clear its bit. */
static void rcu_report_qs(unsigned int cpu, unsigned long gp)
{
	unsigned long flags;

	spin_lock_irqsave(&rcu_state.lock, flags); /* the expedited IPI takes it in hardirq */
	if (gp == rcu_state.gp_seq && gp_in_progress() && (rcu_state.qsmask & (1ul << cpu))) {
		rcu_state.qsmask &= ~(1ul << cpu);
		if (!rcu_state.qsmask)
			rcu_end_gp_locked();
	}
	spin_unlock_irqrestore(&rcu_state.lock, flags);
}

static void cblist_init(struct rcu_cblist *l)
{
	l->head = NULL;
	for (int i = 0; i < RCU_NSEGS; i++)
		l->tails[i] = &l->head;
	l->len = 0;
}

static bool seg_empty(const struct rcu_cblist *l, int seg)
{
	return seg == RCU_DONE ? l->tails[RCU_DONE] == &l->head
			       : l->tails[seg] == l->tails[seg - 1];
}

/* Fold segment `seg` into segment `into` (an earlier one): they become one. */
static void seg_merge(struct rcu_cblist *l, int seg, int into)
{
	for (int i = into; i < seg; i++)
		l->tails[i] = l->tails[seg];
}

/*
 * Move what completed GPs have released into DONE, and give NEXT callbacks a GP: the one
 * after the latest started (caller holds rcu_state.lock, interrupts off).
 */
static void cblist_advance(struct rcu_cblist *l)
{
	unsigned long done = rcu_state.gp_completed, need = rcu_state.gp_seq + 1;

	for (int seg = RCU_WAIT; seg <= RCU_NEXT_READY; seg++)
		if (!seg_empty(l, seg) && (long)(l->gp[seg] - done) <= 0)
			seg_merge(l, seg, RCU_DONE);
	if (seg_empty(l, RCU_WAIT) && !seg_empty(l, RCU_NEXT_READY)) {
		l->gp[RCU_WAIT] = l->gp[RCU_NEXT_READY];
		seg_merge(l, RCU_NEXT_READY, RCU_WAIT);
	}
	if (seg_empty(l, RCU_NEXT))
		return;
	if (seg_empty(l, RCU_WAIT) || l->gp[RCU_WAIT] == need) {
		l->gp[RCU_WAIT] = need;
		seg_merge(l, RCU_NEXT, RCU_WAIT);
	} else if (seg_empty(l, RCU_NEXT_READY) || l->gp[RCU_NEXT_READY] == need) {
		l->gp[RCU_NEXT_READY] = need;
		seg_merge(l, RCU_NEXT, RCU_NEXT_READY);
	} else {
		return; /* both waiting segments busy with older GPs: assign later */
	}
	if ((long)(need - rcu_state.gp_needed) > 0)
		rcu_state.gp_needed = need;
	rcu_start_gp_locked();
}

/* Take this CPU's DONE segment off the list (interrupts off). */
static struct rcu_head *cblist_take_done(struct rcu_cblist *l, long max, long *n)
{
	struct rcu_head *first = l->head, **end = &l->head;

	*n = 0;
	while (*n < max && end != l->tails[RCU_DONE]) {
		end = &(*end)->next;
		(*n)++;
	}
	if (*n == 0)
		return NULL;
	l->head = *end;
	*end = NULL;
	for (int i = 0; i < RCU_NSEGS; i++)
		if (l->tails[i] == end)
			l->tails[i] = &l->head;
	l->len -= *n;
	return first;
}

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	unsigned long flags = local_irq_save();
	struct rcu_data *rdp = this_cpu_ptr(rcu_data);

	head->func = func;
	head->next = NULL;
	*rdp->cbs.tails[RCU_NEXT] = head;
	rdp->cbs.tails[RCU_NEXT] = &head->next;
	rdp->cbs.len++;
	rdp->queued++;
	local_irq_restore(flags);
}

/* Notice a GP that started since we last looked (caller holds rcu_state.lock). */
static void note_gp_changes(struct rcu_data *rdp)
{
	if (rdp->gp_seen == rcu_state.gp_seq || !gp_in_progress())
		return;
	rdp->gp_seen = rcu_state.gp_seq;
	rdp->qs_pending = true;
	rdp->passed_qs = false; /* only a quiescent state from now on counts */
}

static void invoke_callbacks(struct rcu_data *rdp)
{
	unsigned long flags = local_irq_save();
	long n;
	struct rcu_head *list = cblist_take_done(&rdp->cbs, RCU_BATCH_LIMIT, &n);

	if (!seg_empty(&rdp->cbs, RCU_DONE))
		raise_softirq_irqoff(RCU_SOFTIRQ); /* more next time: let others run first */
	local_irq_restore(flags);
	while (list) {
		struct rcu_head *next = list->next;

		list->func(list);
		list = next;
	}
	rdp->invoked += n; /* only this CPU writes it */
	if ((unsigned long)n > READ_ONCE(rcu_state.max_batch))
		WRITE_ONCE(rcu_state.max_batch, n);
}

/* RCU_SOFTIRQ: this CPU's share of the grace-period machine, then its ready callbacks. */
static void rcu_core(void)
{
	struct rcu_data *rdp = this_cpu_ptr(rcu_data);
	unsigned int cpu = smp_processor_id();
	unsigned long flags, gp = 0;
	bool report;

	spin_lock_irqsave(&rcu_state.lock, flags);
	note_gp_changes(rdp);
	report = rdp->qs_pending && rdp->passed_qs;
	if (report) {
		rdp->qs_pending = false;
		gp = rdp->gp_seen;
	}
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	if (report)
		rcu_report_qs(cpu, gp);

	spin_lock_irqsave(&rcu_state.lock, flags);
	cblist_advance(&rdp->cbs);
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	invoke_callbacks(rdp);
}

void rcu_note_context_switch(void)
{
	this_cpu_ptr(rcu_data)->passed_qs = true;
}

/* Is there anything for this CPU's RCU softirq to do? (Interrupts off; racy reads are hints.) */
static bool rcu_pending(struct rcu_data *rdp)
{
	unsigned long gp_seq = READ_ONCE(rcu_state.gp_seq);

	if (rdp->gp_seen != gp_seq && gp_seq != READ_ONCE(rcu_state.gp_completed))
		return true; /* a GP to notice */
	if (rdp->qs_pending && rdp->passed_qs)
		return true; /* a quiescent state to report */
	if (!seg_empty(&rdp->cbs, RCU_DONE) || !seg_empty(&rdp->cbs, RCU_NEXT))
		return true; /* callbacks to run, or to give a GP */
	for (int seg = RCU_WAIT; seg <= RCU_NEXT_READY; seg++)
		if (!seg_empty(&rdp->cbs, seg) &&
		    (long)(rdp->cbs.gp[seg] - READ_ONCE(rcu_state.gp_completed)) <= 0)
			return true; /* their GP is over */
	return false;
}

void rcu_sched_clock_irq(void)
{
	struct rcu_data *rdp = this_cpu_ptr(rcu_data);

	/*
	 * The tick interrupted code with preempt_count 0 (a task outside any reader, the idle
	 * loop, or user mode): readers disable preemption, so this CPU is not inside one.
	 */
	if (preempt_count() == HARDIRQ_OFFSET)
		rdp->passed_qs = true;
	if (rcu_pending(rdp))
		raise_softirq_irqoff(RCU_SOFTIRQ);
}

struct rcu_synchronize {
	struct rcu_head head;
	struct completion done;
};

static void wakeme_after_rcu(struct rcu_head *head)
{
	complete(&container_of(head, struct rcu_synchronize, head)->done);
}

void synchronize_rcu(void)
{
	struct rcu_synchronize rs;

	might_sleep();
	init_completion(&rs.done);
	call_rcu(&rs.head, wakeme_after_rcu);
	wait_for_completion(&rs.done);
}

unsigned long get_state_synchronize_rcu(void)
{
	return READ_ONCE(rcu_state.gp_seq) + 1; /* the next GP to start covers everything now */
}

unsigned long start_poll_synchronize_rcu(void)
{
	unsigned long flags, cookie;

	spin_lock_irqsave(&rcu_state.lock, flags);
	cookie = rcu_state.gp_seq + 1;
	if ((long)(cookie - rcu_state.gp_needed) > 0)
		rcu_state.gp_needed = cookie;
	rcu_start_gp_locked();
	spin_unlock_irqrestore(&rcu_state.lock, flags);
	return cookie;
}

bool poll_state_synchronize_rcu(unsigned long cookie)
{
	return (long)(READ_ONCE(rcu_state.gp_completed) - cookie) >= 0;
}

/*
 * Expedited grace periods: instead of waiting for each CPU's tick to notice the grace period
 * and report, interrupt every CPU. A CPU that was interrupted outside any reader (preempt_count
 * was 0) is quiescent right now and reports from the softirq at the end of the interrupt; one
 * inside a reader reports at its next quiescent state, as usual. The IPIs are repeated each
 * millisecond until the grace period is over, for CPUs that were busy the first time.
 */
static unsigned long exp_gps; /* expedited grace periods, for statistics */

static void rcu_exp_handler(void *unused)
{
	struct rcu_data *rdp = this_cpu_ptr(rcu_data);

	spin_lock(&rcu_state.lock); /* hardirq: interrupts are already off */
	note_gp_changes(rdp);
	spin_unlock(&rcu_state.lock);
	/*
	 * Quiescent if we interrupted preemptible code (HARDIRQ_OFFSET alone), or if this is the
	 * caller's own CPU (count 0: synchronize_rcu_expedited() runs outside any reader).
	 */
	if (preempt_count() == HARDIRQ_OFFSET || preempt_count() == 0)
		rdp->passed_qs = true;
	raise_softirq_irqoff(RCU_SOFTIRQ); /* report as the interrupt ends */
}

void synchronize_rcu_expedited(void)
{
	unsigned long cookie;

	might_sleep();
	cookie = start_poll_synchronize_rcu();
	while (!poll_state_synchronize_rcu(cookie)) {
		on_each_cpu(rcu_exp_handler, NULL, true);
		if (!poll_state_synchronize_rcu(cookie))
			msleep(1); /* a CPU is inside a reader: give it a moment */
	}
	__atomic_add_fetch(&exp_gps, 1, __ATOMIC_RELAXED);
}

/* rcu_barrier: one callback per CPU, queued behind everything already there. */
static DEFINE_MUTEX(barrier_mutex);
static DEFINE_PER_CPU(struct rcu_head, barrier_head);
static int barrier_count;
static struct completion barrier_done;

static void rcu_barrier_callback(struct rcu_head *head)
{
	if (__atomic_sub_fetch(&barrier_count, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&barrier_done);
}

/* On each CPU, in hardirq context through a cross-CPU call. */
static void rcu_barrier_func(void *unused)
{
	__atomic_add_fetch(&barrier_count, 1, __ATOMIC_ACQ_REL);
	call_rcu(this_cpu_ptr(barrier_head), rcu_barrier_callback);
}

void rcu_barrier(void)
{
	might_sleep();
	mutex_lock(&barrier_mutex);
	init_completion(&barrier_done);
	barrier_count = 1; /* ours, so that no CPU completes it before all have queued */
	on_each_cpu(rcu_barrier_func, NULL, true);
	if (__atomic_sub_fetch(&barrier_count, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&barrier_done);
	wait_for_completion(&barrier_done);
	mutex_unlock(&barrier_mutex);
}

void rcu_get_stats(struct rcu_stats *stats)
{
	unsigned long flags;
	unsigned int cpu;

	*stats = (struct rcu_stats){};
	for_each_online_cpu (cpu) {
		stats->cbs_queued += READ_ONCE(per_cpu(rcu_data, cpu).queued);
		stats->cbs_invoked += READ_ONCE(per_cpu(rcu_data, cpu).invoked);
	}
	spin_lock_irqsave(&rcu_state.lock, flags);
	stats->gp_seq = rcu_state.gp_seq;
	stats->gp_completed = rcu_state.gp_completed;
	stats->qsmask = gp_in_progress() ? rcu_state.qsmask : 0;
	stats->max_batch = rcu_state.max_batch;
	stats->longest_gp_ns = rcu_state.longest_gp_ns;
	spin_unlock_irqrestore(&rcu_state.lock, flags);
}

void rcu_init(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		cblist_init(&per_cpu(rcu_data, cpu).cbs);
	open_softirq(RCU_SOFTIRQ, rcu_core);
	pr_info("rcu: non-preemptible readers, callbacks in RCU_SOFTIRQ (%d per pass)\n",
		RCU_BATCH_LIMIT);
}
