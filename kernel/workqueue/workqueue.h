/* SPDX-License-Identifier: MIT */
/*
 * Workqueues, as in Linux: run a function later, in a kernel thread (a "kworker"), where it may
 * sleep. Code that must not sleep (an interrupt handler, an RCU callback, a spinlock holder)
 * hands the rest of its job to a work item:
 *
 *	static void foo_fn(struct work_struct *work)
 *	{
 *		struct foo *f = container_of(work, struct foo, work);
 *		...                                  // task context: may sleep, take mutexes
 *	}
 *
 *	INIT_WORK(&f->work, foo_fn);
 *	queue_work(system_wq, &f->work);             // any context, interrupts off included
 *	...
 *	cancel_work_sync(&f->work);                  // before freeing f: not pending, not running
 *
 * The rules (docs/workqueues.md tells the whole story):
 *  - An item is *pending* from the queue_work() that queued it until its function starts.
 *    Queueing a pending item does nothing and returns false, so one queueing is one execution.
 *  - Once its function has started the item is no longer pending and may be queued again, by
 *    anyone, its own function included.
 *  - An item never runs concurrently with itself on one workqueue: queued again (from any CPU)
 *    while it runs, its next execution waits until the current one has returned.
 *  - Items run in task context, with preemption and interrupts enabled and no lock held, and
 *    must return that way. The function may free its own work_struct: the workqueue never
 *    touches the item once its function has been called.
 *  - If queue_work() returns false, the item is pending and has not started, so its function
 *    will see everything the caller did before the call.
 */
#ifndef KERNEL_WORKQUEUE_WORKQUEUE_H
#define KERNEL_WORKQUEUE_WORKQUEUE_H

#include <asm/percpu.h>

#include "kernel/locking/atomic.h"
#include "kernel/time/timer.h"
#include "lib/compiler.h"
#include "lib/list.h"
#include "lib/types.h"

struct work_struct;
struct workqueue_struct;
typedef void (*work_func_t)(struct work_struct *work);

/* Bits of work->data; the rest of the word is the pool the item was last queued on. */
enum {
	WORK_STRUCT_PENDING_BIT = 0,   /* queued or waiting for its timer; not started yet */
	WORK_STRUCT_QUEUED_BIT = 1,    /* on the worklist of the pool in data (under its lock) */
	WORK_STRUCT_CANCELING_BIT = 2, /* PENDING is held by a _sync cancel waiting for it */
};
#define WORK_STRUCT_PENDING   (1ul << WORK_STRUCT_PENDING_BIT)
#define WORK_STRUCT_QUEUED    (1ul << WORK_STRUCT_QUEUED_BIT)
#define WORK_STRUCT_CANCELING (1ul << WORK_STRUCT_CANCELING_BIT)
#define WORK_STRUCT_FLAG_MASK (WORK_STRUCT_PENDING | WORK_STRUCT_QUEUED | WORK_STRUCT_CANCELING)

/* queue_work_on(WORK_CPU_UNBOUND, ...): no preference, i.e. the CPU that queues it. */
#define WORK_CPU_UNBOUND NR_CPUS

struct work_struct {
	/*
	 * PENDING, QUEUED and the last pool, in one word so that one read sees them together.
	 * PENDING is claimed with an atomic test-and-set by whoever queues (or cancels) the item;
	 * only the owner of PENDING changes the rest, and only under the pool's lock.
	 */
	unsigned long data;
	struct list_head entry; /* on the pool's worklist while QUEUED; under the pool's lock */
	work_func_t func;
	/* Written when it is queued, under the pool's lock; meaningful while QUEUED. */
	u64 seq;       /* its place in the pool's queue order, for flushes */
	u64 queued_at; /* ktime_get_ns() then, for the latency statistic */
};

struct delayed_work {
	struct work_struct work;
	struct timer_list timer; /* armed while the item waits out its delay; owns PENDING then */
	/* Where the timer will queue it: written by the owner of PENDING before arming. */
	struct workqueue_struct *wq;
	int cpu;
};

/* The timer function of every delayed_work (INIT_DELAYED_WORK installs it). */
void delayed_work_timer_fn(struct timer_list *timer);

static inline void __init_work(struct work_struct *work, work_func_t func)
{
	work->data = 0;
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
}

/* Prepare an item; never on one that may be pending or running. */
#define INIT_WORK(_work, _func) __init_work((_work), (_func))

#define INIT_DELAYED_WORK(_dwork, _func)                                                           \
	do {                                                                                       \
		INIT_WORK(&(_dwork)->work, (_func));                                               \
		timer_setup(&(_dwork)->timer, delayed_work_timer_fn);                              \
	} while (0)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

/* Queued (or waiting for its delay) and not started yet. A snapshot: it may change at once. */
static inline bool work_pending(const struct work_struct *work)
{
	return test_bit(WORK_STRUCT_PENDING_BIT, &work->data);
}

static inline bool delayed_work_pending(const struct delayed_work *dwork)
{
	return work_pending(&dwork->work);
}

/* ---- Workqueues --------------------------------------------------------------------------- */

/* alloc_workqueue() flags */
#define WQ_UNBOUND (1u << 1) /* one pool of kworkers not bound to any CPU */

/* Each pool's kworkers are kernel threads with a 16 KiB stack: don't ask for hundreds. */
#define WQ_MAX_ACTIVE 16
#define WQ_NAME_LEN   24

/*
 * A workqueue with its own kworkers. max_active is how many of its items may run at once, and
 * is the number of kworkers: per CPU for a per-CPU workqueue (default 1), in total for a
 * WQ_UNBOUND one (default: one per online CPU). 0 asks for the default; more than
 * WQ_MAX_ACTIVE is clamped. The name is formatted like printf. NULL if memory is short.
 * Task context.
 */
__printf(1, 4) struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
							int max_active, ...);

/*
 * Run everything queued on wq, and whatever those items queue on wq in turn, then stop its
 * kworkers and free it. Queueing on it from elsewhere meanwhile is refused with a warning.
 * Delayed items whose timer is still armed must have been cancelled. Task context, not from
 * an item of wq.
 */
void destroy_workqueue(struct workqueue_struct *wq);

/*
 * The system workqueues, created by workqueue_init(). system_wq has one kworker per CPU
 * ("kworker/N", bound to CPU N) and runs an item on the CPU that queued it; system_unbound_wq
 * has one kworker per online CPU ("kworker/u:N"), which run wherever the scheduler puts them.
 */
extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_unbound_wq;

/*
 * Queue work on wq, to run on `cpu` (a per-CPU wq; WORK_CPU_UNBOUND: this CPU). True if it
 * was queued, false if it was already pending. If the item is still running from an earlier
 * queueing, it is queued where it runs instead, so that it never runs twice at once. Any
 * context.
 */
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);

static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

/*
 * Queue dwork on wq once `delay` jiffies have passed (0: now). The timer runs on this CPU; it
 * then queues the item as queue_work_on(cpu) would. False if it was already pending. Any
 * context.
 */
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			   unsigned long delay);

static inline bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
				      unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

/*
 * Queue dwork to run `delay` jiffies from now, whether it was idle, waiting for its timer or
 * queued; returns whether it was pending. While a _sync cancel of it is in progress the cancel
 * wins: nothing is queued, and it returns false. Any context but a hardirq handler.
 */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			 unsigned long delay);

static inline bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
				    unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

/*
 * Wait until the last queueing of work (before the call) has finished executing. True if it
 * had to wait, false if the item was idle. Flushing an item from its own function, or an item
 * queued behind the caller on a pool whose only kworker is the caller, would never end: it
 * is warned about and returns false. Task context.
 */
bool flush_work(struct work_struct *work);

/* Fire dwork's timer now if it is armed, then flush_work(). Task context. */
bool flush_delayed_work(struct delayed_work *dwork);

/*
 * Wait until every item queued on wq before the call has finished (not those queued later,
 * nor delayed items still waiting for their timer). From an item of wq it would wait for
 * itself: warned about, and returns at once. Task context.
 */
void flush_workqueue(struct workqueue_struct *wq);

/*
 * Take work off its queue if it is pending, so that this queueing never runs; true if it was
 * pending. cancel_work() and cancel_delayed_work() return at once: any context, but a delayed
 * item not from a hardirq handler. The _sync variants (task context) also wait for an
 * execution in progress to finish, and while they wait the item cannot be queued again, not
 * even by itself. Several cancels of one item may run at once; a _sync one returns after the
 * execution has finished. After cancel_work_sync() the item is idle and may be freed, unless
 * someone else queues it again.
 */
bool cancel_work(struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);
bool cancel_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work_sync(struct delayed_work *dwork);

struct workqueue_stats {
	unsigned long queued; /* insertions into its pools (a delayed item: when its timer fired) */
	unsigned long executed;	 /* functions that have returned */
	unsigned long cancelled; /* insertions taken back by a cancel before they ran */
	u64 max_latency_ns;	 /* longest wait from being queued to starting */
	unsigned int nr_workers; /* kworkers, all pools together */
};

/*
 * The counters since the workqueue was made, summed over its pools. Once it is flushed,
 * queued == executed + cancelled. Any context.
 */
void workqueue_get_stats(struct workqueue_struct *wq, struct workqueue_stats *stats);

/* Boot, from the first task (kworkers need the scheduler): create the system workqueues. */
void workqueue_init(void);

#endif
