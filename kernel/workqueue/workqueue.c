/* SPDX-License-Identifier: MIT */
/*
 * Workqueues (kernel/workqueue/workqueue.h has the contract, docs/workqueues.md the story).
 *
 * A workqueue owns worker pools: one per online CPU, whose kworkers are bound to it, or a
 * single unbound pool. A pool is a worklist of queued items and the kworkers that take items
 * off it one at a time, all under the pool's lock. That lock is taken with interrupts disabled,
 * because queue_work() may be called from an interrupt handler.
 *
 * Who owns an item is decided by the PENDING bit of work->data. Whoever sets it (queue_work,
 * a cancel) may change the rest of the word and put the item on a list; a kworker clears it,
 * under the pool's lock, just before calling the function. So at any moment an item is
 * either idle, owned by exactly one queuer or canceller, waiting for its timer, on exactly one
 * worklist, or running (and possibly, at the same time, pending again). Others who want the
 * bit spin while its owner is busy, so an owner keeps interrupts disabled for as long as it
 * holds it (a handler interrupting it would spin forever), with two exceptions: an armed timer,
 * whose bit del_timer() takes over, and a _sync canceller, which sleeps and marks the item
 * CANCELING so that others back off instead of spinning.
 *
 * Locks: one pool's lock at a time, never two; the scheduler's locks (wake_up_process) nest
 * inside a pool's lock.
 *
 * Pools are never freed: destroy_workqueue() stops their kworkers and keeps the pools for the
 * next alloc_workqueue(). An item's data may name the pool it last ran in long after its
 * workqueue is gone, and locking that pool to look must stay safe.
 */
#include "kernel/workqueue/workqueue.h"

#include "kernel/mm/slab.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/mutex.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

struct worker_pool {
	/* Protects every field below but free_node; always taken with interrupts disabled. */
	spinlock_t lock;
	struct workqueue_struct *wq; /* the owner; NULL while the pool waits for reuse */
	int cpu;		     /* the CPU its kworkers are bound to, or -1: unbound */
	struct list_head worklist;   /* queued items, in seq order */
	struct list_head workers;    /* all its kworkers (worker.node) */
	struct list_head idle_list;  /* kworkers asleep waiting for work (worker.idle_entry) */
	unsigned int nr_workers;
	u64 next_seq; /* the seq the next queued item gets */
	/* Flushers and cancellers sleep here; woken when an item finishes or is taken back. */
	struct wait_queue_head flush_wait;
	/* Statistics (struct workqueue_stats). */
	unsigned long nr_queued, nr_executed, nr_cancelled;
	u64 max_latency_ns;
	struct list_head free_node; /* on free_pools while unused; under wq_pool_mutex */
};

struct worker {
	struct task_struct *task;    /* set at creation */
	struct worker_pool *pool;    /* the same */
	struct list_head node;	     /* on pool->workers; under pool->lock */
	struct list_head idle_entry; /* on pool->idle_list while asleep; under pool->lock */
	/*
	 * The item being run, under pool->lock. Only ever compared, never dereferenced: the
	 * function may have freed it.
	 */
	struct work_struct *current_work;
	u64 current_seq; /* its seq, for flushes */
};

struct workqueue_struct {
	/* Set at creation, then only read. */
	char name[WQ_NAME_LEN];
	unsigned int flags;
	int max_active; /* kworkers per pool */
	/* Per-CPU: pools[cpu] for every CPU online at creation. WQ_UNBOUND: pools[0] only. */
	struct worker_pool *pools[NR_CPUS];
	bool draining; /* destroy_workqueue() has begun; read without a lock by queuers */
};

#define for_each_pool(pool, wq, i)                                                                 \
	for ((i) = 0; (i) < NR_CPUS; (i)++)                                                        \
		if (((pool) = (wq)->pools[i]) != NULL)

struct workqueue_struct *system_wq;
struct workqueue_struct *system_unbound_wq;

/* Pools of destroyed workqueues, kept for reuse (never freed: see the top of the file). */
static LIST_HEAD(free_pools);
static DEFINE_MUTEX(wq_pool_mutex);

/* ---- Who has the item ---------------------------------------------------------------------- */

static struct worker_pool *work_pool(const struct work_struct *work)
{
	return (struct worker_pool *)(READ_ONCE(work->data) & ~WORK_STRUCT_FLAG_MASK);
}

/* On pool's worklist? Only the holder of pool->lock can rely on the answer. */
static bool work_queued_on(const struct work_struct *work, const struct worker_pool *pool)
{
	return READ_ONCE(work->data) ==
	       ((unsigned long)pool | WORK_STRUCT_QUEUED | WORK_STRUCT_PENDING);
}

/* Let go of PENDING; a full barrier, so the item's new state is seen before it is queued again. */
static void clear_work_pending(struct work_struct *work)
{
	test_and_clear_bit(WORK_STRUCT_PENDING_BIT, &work->data);
}

/* The kworker of pool running work, or NULL. Caller holds pool->lock. */
static struct worker *find_worker_executing_work(struct worker_pool *pool, struct work_struct *work)
{
	struct worker *worker;

	list_for_each_entry (worker, &pool->workers, node)
		if (worker->current_work == work)
			return worker;
	return NULL;
}

/* The calling task, if it is a kworker of pool; else NULL. Caller holds pool->lock. */
static struct worker *pool_current_worker(struct worker_pool *pool)
{
	struct worker *worker;

	list_for_each_entry (worker, &pool->workers, node)
		if (worker->task == current)
			return worker;
	return NULL;
}

/* Is the caller one of wq's kworkers (running one of its items)? */
static bool current_is_worker_of(struct workqueue_struct *wq)
{
	struct worker_pool *pool;
	unsigned long flags;
	bool found;
	int i;

	for_each_pool(pool, wq, i)
	{
		spin_lock_irqsave(&pool->lock, flags);
		found = pool_current_worker(pool) != NULL;
		spin_unlock_irqrestore(&pool->lock, flags);
		if (found)
			return true;
	}
	return false;
}

/* Lock the pool work->data names (which may change until it is locked); NULL if none. */
static struct worker_pool *lock_work_pool(struct work_struct *work, unsigned long *flags)
{
	for (;;) {
		struct worker_pool *pool = work_pool(work);

		if (!pool)
			return NULL; /* never queued */
		spin_lock_irqsave(&pool->lock, *flags);
		if (work_pool(work) == pool)
			return pool;
		spin_unlock_irqrestore(&pool->lock, *flags);
	}
}

/* ---- Queueing ------------------------------------------------------------------------------- */

/* Put work on pool's worklist and wake a kworker if one sleeps. Caller holds pool->lock. */
static void insert_work(struct worker_pool *pool, struct work_struct *work)
{
	struct worker *idle;

	work->seq = pool->next_seq++;
	work->queued_at = ktime_get_ns();
	list_add_tail(&work->entry, &pool->worklist);
	WRITE_ONCE(work->data, (unsigned long)pool | WORK_STRUCT_QUEUED | WORK_STRUCT_PENDING);
	pool->nr_queued++;
	idle = list_first_entry_or_null(&pool->idle_list, struct worker, idle_entry);
	if (idle) {
		list_del_init(&idle->idle_entry); /* so the next item wakes another one */
		wake_up_process(idle->task);
	}
}

static struct worker_pool *pick_pool(struct workqueue_struct *wq, int cpu)
{
	if (wq->flags & WQ_UNBOUND)
		return wq->pools[0];
	if (cpu == WORK_CPU_UNBOUND)
		cpu = (int)smp_processor_id(); /* interrupts are off: we stay here */
	if (WARN_ON_ONCE(cpu < 0 || cpu >= NR_CPUS || !wq->pools[cpu]))
		cpu = (int)smp_processor_id(); /* not a CPU this workqueue has a pool for */
	return wq->pools[cpu];
}

/*
 * Non-reentrancy across pools. An item still running in the pool it last ran in must not start
 * anywhere else until it returns, so it is queued there again instead of in `pool`: a pool's
 * kworkers never take an item one of them is running. This is safe to decide without holding
 * both locks: we own PENDING, so the item cannot start anywhere meanwhile, and if it finishes
 * meanwhile, running it in the old pool is merely not where it was asked to run.
 */
static struct worker_pool *pool_for_nonreentrancy(struct workqueue_struct *wq,
						  struct work_struct *work,
						  struct worker_pool *pool)
{
	struct worker_pool *last = work_pool(work);

	if (!last || last == pool)
		return pool;
	spin_lock(&last->lock);
	if (last->wq == wq && find_worker_executing_work(last, work))
		pool = last;
	spin_unlock(&last->lock);
	return pool;
}

/*
 * Queue an item whose PENDING the caller has just claimed, with interrupts disabled: an
 * interrupt here that tried to cancel the item would wait forever for this CPU to finish.
 * Returns false (and lets go of PENDING) if wq is being destroyed.
 */
static bool __queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	struct worker_pool *pool;

	BUG_ON(!irqs_disabled());
	if (unlikely(READ_ONCE(wq->draining)) && !current_is_worker_of(wq)) {
		WARN_ON_ONCE(1); /* queueing on a workqueue being destroyed */
		clear_work_pending(work);
		return false;
	}
	pool = pool_for_nonreentrancy(wq, work, pick_pool(wq, cpu));
	spin_lock(&pool->lock);
	insert_work(pool, work);
	spin_unlock(&pool->lock);
	return true;
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned long flags;
	bool ret = false;

	if (WARN_ON_ONCE(!wq)) /* before workqueue_init()? */
		return false;
	flags = local_irq_save();
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->data))
		ret = __queue_work(cpu, wq, work);
	local_irq_restore(flags);
	return ret;
}

/* TIMER softirq: the delay is over; PENDING passes from the timer to the queue. */
void delayed_work_timer_fn(struct timer_list *timer)
{
	struct delayed_work *dwork = container_of(timer, struct delayed_work, timer);
	unsigned long flags = local_irq_save(); /* the same window as in queue_work_on() */

	__queue_work(dwork->cpu, dwork->wq, &dwork->work);
	local_irq_restore(flags);
}

/* Queue dwork, or arm its timer; the caller owns PENDING and has interrupts disabled. */
static void __queue_delayed_work(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
				 unsigned long delay)
{
	WARN_ON_ONCE(dwork->timer.function != delayed_work_timer_fn); /* not INIT_DELAYED_WORK */
	BUG_ON(timer_pending(&dwork->timer)); /* an armed timer would own PENDING */
	if (!delay) {
		__queue_work(cpu, wq, &dwork->work);
		return;
	}
	dwork->wq = wq;
	dwork->cpu = cpu;
	mod_timer(&dwork->timer, jiffies + delay);
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			   unsigned long delay)
{
	unsigned long flags;
	bool ret = false;

	if (WARN_ON_ONCE(!wq))
		return false;
	flags = local_irq_save();
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, &dwork->work.data)) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		ret = true;
	}
	local_irq_restore(flags);
	return ret;
}

/* ---- Taking an item back -------------------------------------------------------------------- */

/* Take a queued item off pool's worklist, keeping its PENDING for the caller. */
static bool pool_steal_work(struct worker_pool *pool, struct work_struct *work)
{
	bool stolen, wake = false;

	spin_lock(&pool->lock);
	stolen = work_queued_on(work, pool);
	if (stolen) {
		list_del_init(&work->entry);
		WRITE_ONCE(work->data, (unsigned long)pool | WORK_STRUCT_PENDING);
		pool->nr_cancelled++;
		wake = waitqueue_active(&pool->flush_wait); /* a flush may be waiting for it */
	}
	spin_unlock(&pool->lock);
	if (wake)
		wake_up_all(&pool->flush_wait);
	return stolen;
}

/*
 * Make the caller the owner of work's PENDING, with interrupts disabled (*flags says how to
 * restore them). Returns 1 if the item was pending (it is now off its timer or worklist and
 * will not run), 0 if it was not. With interrupts restored: -EAGAIN if someone else is between
 * claiming and queueing it, a short wait since they do that with interrupts disabled; -ENOENT
 * if a _sync cancel owns it and may keep it for as long as the item runs.
 */
static int try_to_grab_pending(struct work_struct *work, bool is_dwork, unsigned long *flags)
{
	struct worker_pool *pool;
	int ret = -EAGAIN;

	*flags = local_irq_save();
	if (is_dwork && del_timer(&to_delayed_work(work)->timer))
		return 1; /* the timer held PENDING for the item: now we do */
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, &work->data))
		return 0;
	pool = work_pool(work);
	if (pool && pool_steal_work(pool, work))
		return 1;
	if (test_bit(WORK_STRUCT_CANCELING_BIT, &work->data))
		ret = -ENOENT;
	local_irq_restore(*flags);
	return ret;
}

/*
 * try_to_grab_pending() until it does not say -EAGAIN. A delayed item not from a hardirq
 * handler: one that interrupted the item's timer function before it disabled interrupts would
 * wait for it forever.
 */
static int grab_pending(struct work_struct *work, bool is_dwork, unsigned long *flags)
{
	int ret;

	WARN_ON_ONCE(is_dwork && in_hardirq());
	while ((ret = try_to_grab_pending(work, is_dwork, flags)) == -EAGAIN)
		cpu_relax();
	return ret;
}

bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			 unsigned long delay)
{
	unsigned long flags;
	int ret;

	if (WARN_ON_ONCE(!wq))
		return false;
	ret = grab_pending(&dwork->work, true, &flags);
	if (ret < 0)
		return false; /* a cancel is in progress, and it wins */
	__queue_delayed_work(cpu, wq, dwork, delay);
	local_irq_restore(flags);
	return ret;
}

/* Is work running in pool? */
static bool pool_is_running(struct worker_pool *pool, struct work_struct *work)
{
	unsigned long flags;
	bool running;

	spin_lock_irqsave(&pool->lock, flags);
	running = find_worker_executing_work(pool, work) != NULL;
	spin_unlock_irqrestore(&pool->lock, flags);
	return running;
}

/*
 * Wait until work is not running. The caller owns PENDING, so no new execution can start and
 * the running one, if any, is in the pool data names.
 */
static void wait_for_running(struct work_struct *work)
{
	struct worker_pool *pool = work_pool(work);
	struct worker *runner;
	unsigned long flags;
	bool self;

	if (!pool)
		return;
	spin_lock_irqsave(&pool->lock, flags);
	runner = find_worker_executing_work(pool, work);
	self = runner && runner == pool_current_worker(pool);
	spin_unlock_irqrestore(&pool->lock, flags);
	if (WARN_ON_ONCE(self)) /* cancel_work_sync() from its own function: can't wait for that */
		return;
	wait_event(pool->flush_wait, !pool_is_running(pool, work));
}

/*
 * Without waiting. PENDING is let go of before interrupts come back on, so an interrupt
 * handler that cancels the same item never finds it owned by the task it interrupted.
 */
static bool __cancel_work(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret = grab_pending(work, is_dwork, &flags);

	if (ret < 0)
		return false; /* a _sync cancel has it: it will not run */
	clear_work_pending(work);
	local_irq_restore(flags);
	return ret;
}

/* Sync cancellers that found another one at work sleep here until it is done. */
static DECLARE_WAIT_QUEUE_HEAD(cancel_waitq);

/*
 * Own PENDING, marked CANCELING, for as long as the item runs: it cannot be queued again
 * meanwhile, even by itself, and other cancellers do not spin on it but back off or sleep.
 */
static bool __cancel_work_sync(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret;

	might_sleep();
	while ((ret = grab_pending(work, is_dwork, &flags)) == -ENOENT)
		wait_event(cancel_waitq, !test_bit(WORK_STRUCT_CANCELING_BIT, &work->data));
	set_bit(WORK_STRUCT_CANCELING_BIT, &work->data);
	local_irq_restore(flags);
	wait_for_running(work);
	flags = local_irq_save(); /* no handler here may see PENDING without CANCELING */
	clear_bit(WORK_STRUCT_CANCELING_BIT, &work->data);
	clear_work_pending(work); /* a full barrier before looking for sleepers */
	local_irq_restore(flags);
	if (waitqueue_active(&cancel_waitq))
		wake_up_all(&cancel_waitq);
	return ret;
}

bool cancel_work(struct work_struct *work)
{
	return __cancel_work(work, false);
}

bool cancel_work_sync(struct work_struct *work)
{
	return __cancel_work_sync(work, false);
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	return __cancel_work(&dwork->work, true);
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work, true);
}

/* ---- Flushing ------------------------------------------------------------------------------- */

/*
 * Which execution of work in pool a flush waits for (*seq): the queued one, else the running
 * one. False if there is none, or if waiting would never end: that is misuse, and warned about.
 * Caller holds pool->lock.
 */
static bool work_flush_target(struct worker_pool *pool, struct work_struct *work, u64 *seq)
{
	struct worker *self = pool_current_worker(pool);
	struct worker *runner = find_worker_executing_work(pool, work);

	if (WARN_ON_ONCE(runner && runner == self))
		return false; /* flush_work() from the item's own function */
	if (work_queued_on(work, pool)) {
		*seq = work->seq;
		/* Queued behind the caller, the pool's only kworker: it can never start. */
		return !WARN_ON_ONCE(self && pool->nr_workers == 1);
	}
	if (!runner)
		return false;
	*seq = runner->current_seq;
	return true;
}

/* Has the execution of work numbered seq finished (or been cancelled)? */
static bool work_flushed(struct worker_pool *pool, struct work_struct *work, u64 seq)
{
	struct worker *runner;
	unsigned long flags;
	bool busy;

	spin_lock_irqsave(&pool->lock, flags);
	runner = find_worker_executing_work(pool, work);
	busy = (work_queued_on(work, pool) && work->seq <= seq) ||
	       (runner && runner->current_seq <= seq);
	spin_unlock_irqrestore(&pool->lock, flags);
	return !busy;
}

bool flush_work(struct work_struct *work)
{
	struct worker_pool *pool;
	unsigned long flags;
	bool target;
	u64 seq;

	might_sleep();
	pool = lock_work_pool(work, &flags);
	if (!pool)
		return false;
	target = work_flush_target(pool, work, &seq);
	spin_unlock_irqrestore(&pool->lock, flags);
	if (!target)
		return false;
	wait_event(pool->flush_wait, work_flushed(pool, work, seq));
	return true;
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	unsigned long flags;

	might_sleep();
	flags = local_irq_save();
	if (del_timer(&dwork->timer)) /* PENDING is ours now: queue it without waiting */
		__queue_work(dwork->cpu, dwork->wq, &dwork->work);
	local_irq_restore(flags);
	return flush_work(&dwork->work);
}

/* Has every item of pool numbered below seq finished? */
static bool pool_flushed(struct worker_pool *pool, u64 seq)
{
	struct work_struct *first;
	struct worker *worker;
	unsigned long flags;
	bool busy;

	spin_lock_irqsave(&pool->lock, flags);
	first = list_first_entry_or_null(&pool->worklist, struct work_struct, entry);
	busy = first && first->seq < seq; /* the worklist is in seq order */
	list_for_each_entry (worker, &pool->workers, node)
		if (worker->current_work && worker->current_seq < seq)
			busy = true;
	spin_unlock_irqrestore(&pool->lock, flags);
	return !busy;
}

void flush_workqueue(struct workqueue_struct *wq)
{
	struct worker_pool *pool;
	unsigned long flags;
	u64 seq;
	int i;

	might_sleep();
	if (WARN_ON_ONCE(current_is_worker_of(wq)))
		return; /* items queued behind the caller would wait for it, and it for them */
	for_each_pool(pool, wq, i)
	{
		spin_lock_irqsave(&pool->lock, flags);
		seq = pool->next_seq;
		spin_unlock_irqrestore(&pool->lock, flags);
		wait_event(pool->flush_wait, pool_flushed(pool, seq));
	}
}

/* ---- kworkers ------------------------------------------------------------------------------- */

/* The first queued item that no kworker of the pool is running (that one waits its turn). */
static struct work_struct *pool_next_work(struct worker_pool *pool)
{
	struct work_struct *work;

	list_for_each_entry (work, &pool->worklist, entry)
		if (!find_worker_executing_work(pool, work))
			return work;
	return NULL;
}

/* A function must give back the context it got: nothing after it in this kworker would work. */
static void check_context_after(work_func_t fn)
{
	if (likely(preempt_count() == 0 && !irqs_disabled()))
		return;
	pr_err("workqueue: %s/%d left preempt_count %#x, interrupts %s, in\n", current->comm,
	       current->pid, preempt_count(), irqs_disabled() ? "off" : "on");
	print_symbol("  ", (unsigned long)fn);
	WARN_ON_ONCE(1);
}

/*
 * Run one item: take it off the worklist, clear PENDING (from here it may be queued again),
 * call its function with the lock dropped. Caller holds pool->lock, with interrupts off.
 */
static void process_one_work(struct worker *worker, struct work_struct *work)
{
	struct worker_pool *pool = worker->pool;
	work_func_t fn = work->func;
	u64 now = ktime_get_ns();

	list_del_init(&work->entry);
	worker->current_work = work;
	worker->current_seq = work->seq;
	if (now > work->queued_at && now - work->queued_at > pool->max_latency_ns)
		pool->max_latency_ns = now - work->queued_at; /* clocks are per CPU: never < 0 */
	WRITE_ONCE(work->data, (unsigned long)pool);
	spin_unlock_irq(&pool->lock);
	smp_mb(); /* PENDING is clear before the function reads what the next queuer wrote */
	fn(work);
	check_context_after(fn);
	spin_lock_irq(&pool->lock);
	worker->current_work = NULL;
	pool->nr_executed++;
	if (waitqueue_active(&pool->flush_wait))
		wake_up_all(&pool->flush_wait);
}

/*
 * A kworker: run items while there are any, then sleep on the pool's idle list until
 * insert_work() wakes it. State is set and the worklist checked under the pool's lock, so no
 * wake-up is lost.
 */
static int worker_thread(void *arg)
{
	struct worker *worker = arg;
	struct worker_pool *pool = worker->pool;
	struct work_struct *work;

	spin_lock_irq(&pool->lock);
	for (;;) {
		while ((work = pool_next_work(pool)))
			process_one_work(worker, work);
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		list_add(&worker->idle_entry, &pool->idle_list);
		spin_unlock_irq(&pool->lock);
		schedule();
		spin_lock_irq(&pool->lock);
		list_del_init(&worker->idle_entry); /* still there if kthread_stop() woke us */
	}
	__set_current_state(TASK_RUNNING);
	spin_unlock_irq(&pool->lock);
	return 0;
}

static int create_worker(struct worker_pool *pool, const char *prefix, int id)
{
	struct worker *worker = kzalloc(sizeof(*worker), GFP_KERNEL);
	struct task_struct *task;

	if (!worker)
		return -ENOMEM;
	if (pool->cpu < 0)
		task = kthread_create(worker_thread, worker, "%s/u:%d", prefix, id);
	else if (pool->wq->max_active == 1)
		task = kthread_create(worker_thread, worker, "%s/%d", prefix, pool->cpu);
	else
		task = kthread_create(worker_thread, worker, "%s/%d:%d", prefix, pool->cpu, id);
	if (IS_ERR(task)) {
		kfree(worker);
		return PTR_ERR(task);
	}
	if (pool->cpu >= 0)
		kthread_bind(task, (unsigned int)pool->cpu);
	worker->task = task;
	worker->pool = pool;
	INIT_LIST_HEAD(&worker->idle_entry);
	spin_lock_irq(&pool->lock);
	list_add_tail(&worker->node, &pool->workers);
	pool->nr_workers++;
	spin_unlock_irq(&pool->lock);
	wake_up_process(task);
	return 0;
}

/* Stop every kworker of an idle pool, and keep the pool for reuse. */
static void release_pool(struct worker_pool *pool)
{
	struct worker *worker, *tmp;
	LIST_HEAD(dead);

	spin_lock_irq(&pool->lock);
	list_splice_init(&pool->workers, &dead); /* only we look at them from here on */
	pool->nr_workers = 0;
	pool->wq = NULL;
	spin_unlock_irq(&pool->lock);
	list_for_each_entry_safe (worker, tmp, &dead, node) {
		kthread_stop(worker->task);
		kfree(worker);
	}
	mutex_lock(&wq_pool_mutex);
	list_add(&pool->free_node, &free_pools);
	mutex_unlock(&wq_pool_mutex);
}

/* A pool for wq: a reused one, or a new one. NULL if memory is short. */
static struct worker_pool *get_pool(struct workqueue_struct *wq, int cpu)
{
	struct worker_pool *pool;

	mutex_lock(&wq_pool_mutex);
	pool = list_first_entry_or_null(&free_pools, struct worker_pool, free_node);
	if (pool)
		list_del(&pool->free_node);
	mutex_unlock(&wq_pool_mutex);
	if (!pool) {
		pool = kzalloc(sizeof(*pool), GFP_KERNEL);
		if (!pool)
			return NULL;
		BUG_ON((unsigned long)pool & WORK_STRUCT_FLAG_MASK); /* shares a word with flags */
		spin_lock_init(&pool->lock);
		INIT_LIST_HEAD(&pool->worklist);
		INIT_LIST_HEAD(&pool->workers);
		INIT_LIST_HEAD(&pool->idle_list);
		init_waitqueue_head(&pool->flush_wait);
	}
	spin_lock_irq(&pool->lock);
	pool->wq = wq;
	pool->cpu = cpu;
	pool->nr_queued = pool->nr_executed = pool->nr_cancelled = 0;
	pool->max_latency_ns = 0;
	spin_unlock_irq(&pool->lock);
	return pool;
}

/* ---- Creating and destroying workqueues ----------------------------------------------------- */

static void free_workqueue(struct workqueue_struct *wq)
{
	struct worker_pool *pool;
	int i;

	for_each_pool(pool, wq, i)
	{
		release_pool(pool);
	}
	kfree(wq);
}

/* Give wq a pool for `cpu` (-1: unbound) in pools[slot], with max_active kworkers. */
static int add_pool(struct workqueue_struct *wq, int slot, int cpu, const char *prefix)
{
	struct worker_pool *pool = get_pool(wq, cpu);
	int err;

	if (!pool)
		return -ENOMEM;
	wq->pools[slot] = pool;
	for (int id = 0; id < wq->max_active; id++) {
		err = create_worker(pool, prefix, id);
		if (err)
			return err;
	}
	return 0;
}

static int default_max_active(unsigned int flags, int max_active)
{
	if (max_active <= 0)
		return (flags & WQ_UNBOUND) ? (int)num_online_cpus() : 1;
	if (max_active > WQ_MAX_ACTIVE) {
		pr_warn("workqueue: max_active %d clamped to %d\n", max_active, WQ_MAX_ACTIVE);
		return WQ_MAX_ACTIVE;
	}
	return max_active;
}

/* alloc_workqueue() with the kworkers' name prefix given ("kworker" for the system ones). */
static struct workqueue_struct *__alloc_workqueue(const char *name, unsigned int flags,
						  int max_active, const char *prefix)
{
	struct workqueue_struct *wq;
	unsigned int cpu;
	int err = 0;

	might_sleep();
	wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return NULL;
	strscpy(wq->name, name, sizeof(wq->name));
	wq->flags = flags;
	wq->max_active = default_max_active(flags, max_active);
	if (flags & WQ_UNBOUND) {
		err = add_pool(wq, 0, -1, prefix ? prefix : wq->name);
	} else {
		for_each_online_cpu(cpu)
		{
			err = add_pool(wq, (int)cpu, (int)cpu, prefix ? prefix : wq->name);
			if (err)
				break;
		}
	}
	if (err) {
		free_workqueue(wq);
		return NULL;
	}
	return wq;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	char name[WQ_NAME_LEN];
	va_list ap;

	va_start(ap, max_active);
	vscnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return __alloc_workqueue(name, flags, max_active, NULL);
}

/* Is anything of wq queued or running? */
static bool workqueue_busy(struct workqueue_struct *wq)
{
	struct worker_pool *pool;
	struct worker *worker;
	bool busy = false;
	int i;

	for_each_pool(pool, wq, i)
	{
		spin_lock_irq(&pool->lock);
		busy |= !list_empty(&pool->worklist);
		list_for_each_entry (worker, &pool->workers, node)
			busy |= worker->current_work != NULL;
		spin_unlock_irq(&pool->lock);
	}
	return busy;
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	might_sleep();
	if (WARN_ON_ONCE(current_is_worker_of(wq)))
		return; /* it would stop the thread it runs on */
	/* From here only wq's own items may queue on it: each flush round runs what they added. */
	WRITE_ONCE(wq->draining, true);
	do {
		flush_workqueue(wq);
	} while (workqueue_busy(wq));
	free_workqueue(wq);
}

/* ---- Statistics and boot -------------------------------------------------------------------- */

void workqueue_get_stats(struct workqueue_struct *wq, struct workqueue_stats *stats)
{
	struct worker_pool *pool;
	unsigned long flags;
	int i;

	*stats = (struct workqueue_stats){};
	for_each_pool(pool, wq, i)
	{
		spin_lock_irqsave(&pool->lock, flags);
		stats->queued += pool->nr_queued;
		stats->executed += pool->nr_executed;
		stats->cancelled += pool->nr_cancelled;
		stats->max_latency_ns = max(stats->max_latency_ns, pool->max_latency_ns);
		stats->nr_workers += pool->nr_workers;
		spin_unlock_irqrestore(&pool->lock, flags);
	}
}

void workqueue_init(void)
{
	system_wq = __alloc_workqueue("events", 0, 0, "kworker");
	system_unbound_wq = __alloc_workqueue("events_unbound", WQ_UNBOUND, 0, "kworker");
	if (!system_wq || !system_unbound_wq)
		panic("workqueue_init: cannot create the system workqueues");
	pr_info("workqueue: %u per-CPU kworkers, %d unbound\n", num_online_cpus(),
		system_unbound_wq->max_active);
}
