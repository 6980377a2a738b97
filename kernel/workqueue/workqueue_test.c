/* SPDX-License-Identifier: MIT */
/*
 * Workqueue tests: the context items run in, pending and non-reentrancy, flush and cancel,
 * delayed work, queueing from interrupts, many items from every CPU, private workqueues and
 * their statistics. Every wait is bounded (WAIT_JIFFIES), so a lost item fails a case instead
 * of hanging the run. Statistics are only checked on private workqueues, which nothing else
 * uses. To hold an item pending without letting it run, a "blocker" item occupies the only
 * kworker of a CPU's pool until the case releases it.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/locking/atomic.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/mm.h"
#include "kernel/panic/panic.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"
#include "kernel/time/timer.h"
#include "kernel/workqueue/workqueue.h"
#include "lib/printf.h"

#define WAIT_JIFFIES (10 * HZ) /* only a lost item takes this long */

/* Check cond every millisecond for at most WAIT_JIFFIES; evaluates to cond. */
#define poll_until(cond)                                                                           \
	({                                                                                         \
		unsigned long __end = jiffies + WAIT_JIFFIES;                                      \
		while (!(cond) && !time_after(jiffies, __end))                                     \
			msleep(1);                                                                 \
		(cond);                                                                            \
	})

/* An item that counts its runs and records where and how it ran. */
struct probe {
	struct work_struct work;
	struct delayed_work dwork;
	struct completion ran; /* completed at the end of every run */
	atomic_t starts, runs;
	unsigned long queued_jiffies, ran_jiffies;
	unsigned int cpu;		       /* where it last ran */
	bool task, softirq, hardirq, irqs_off; /* the context it last ran in */
	int preempt;
	char comm[TASK_COMM_LEN];
	unsigned int sleep_ms; /* sleep this long in the function */
};

static void probe_record(struct probe *p)
{
	atomic_inc(&p->starts);
	p->ran_jiffies = jiffies;
	p->cpu = smp_processor_id();
	p->task = in_task();
	p->softirq = in_softirq();
	p->hardirq = in_hardirq();
	p->irqs_off = irqs_disabled();
	p->preempt = preempt_count();
	memcpy(p->comm, current->comm, TASK_COMM_LEN);
	if (p->sleep_ms)
		msleep(p->sleep_ms);
	atomic_inc(&p->runs);
	complete(&p->ran);
}

static void probe_fn(struct work_struct *work)
{
	probe_record(container_of(work, struct probe, work));
}

static void probe_delayed_fn(struct work_struct *work)
{
	probe_record(container_of(to_delayed_work(work), struct probe, dwork));
}

static void probe_init(struct probe *p)
{
	*p = (struct probe){};
	INIT_WORK(&p->work, probe_fn);
	INIT_DELAYED_WORK(&p->dwork, probe_delayed_fn);
	init_completion(&p->ran);
}

static bool wait_ran(struct probe *p)
{
	return wait_for_completion_timeout(&p->ran, WAIT_JIFFIES) > 0;
}

/* A blocker holds its pool's kworker until released; the case always releases it. */
struct blocker {
	struct work_struct work;
	struct completion started, release;
	atomic_t finished;
};

static void blocker_fn(struct work_struct *work)
{
	struct blocker *b = container_of(work, struct blocker, work);

	complete(&b->started);
	wait_for_completion_timeout(&b->release, WAIT_JIFFIES);
	atomic_inc(&b->finished);
}

static void blocker_init(struct blocker *b)
{
	INIT_WORK(&b->work, blocker_fn);
	atomic_set(&b->finished, 0);
	init_completion(&b->started);
	init_completion(&b->release);
}

static bool block_cpu(struct blocker *b, struct workqueue_struct *wq, int cpu)
{
	blocker_init(b);
	queue_work_on(cpu, wq, &b->work);
	return wait_for_completion_timeout(&b->started, WAIT_JIFFIES) > 0;
}

static unsigned int last_cpu(void)
{
	return num_online_cpus() - 1;
}

/* ---- Context -------------------------------------------------------------------------------- */

static void expect_task_context(struct ktest *t, struct probe *p)
{
	KT_EXPECT_TRUE(t, p->task);
	KT_EXPECT_FALSE(t, p->softirq);
	KT_EXPECT_FALSE(t, p->hardirq);
	KT_EXPECT_FALSE(t, p->irqs_off);
	KT_EXPECT_EQ(t, p->preempt, 0);
	KT_EXPECT_TRUE(t, strncmp(p->comm, "kworker/", 8) == 0);
}

/* Items sleep in a kworker; the sleep checks find nothing wrong. */
static void items_run_in_task_context_and_may_sleep(struct ktest *t)
{
	struct workqueue_struct *wqs[] = { system_wq, system_unbound_wq };
	unsigned long reports = might_sleep_report_count();
	struct probe p;

	for (unsigned int i = 0; i < ARRAY_SIZE(wqs); i++) {
		probe_init(&p);
		p.sleep_ms = 2;
		KT_ASSERT_TRUE(t, queue_work(wqs[i], &p.work));
		KT_ASSERT_TRUE(t, wait_ran(&p));
		expect_task_context(t, &p);
		flush_work(&p.work); /* p lives on our stack */
	}
	KT_EXPECT_EQ(t, might_sleep_report_count(), reports);
}

/* system_wq runs an item on the CPU it was queued on, in that CPU's kworker. */
static void system_wq_runs_items_on_the_cpu_asked_for(struct ktest *t)
{
	unsigned int cpu;
	char name[TASK_COMM_LEN];
	struct probe p;

	probe_init(&p);
	KT_ASSERT_TRUE(t, queue_work(system_wq, &p.work)); /* from CPU 0: the runner's */
	KT_ASSERT_TRUE(t, wait_ran(&p));
	KT_EXPECT_EQ(t, p.cpu, smp_processor_id());
	for_each_online_cpu(cpu)
	{
		flush_work(&p.work); /* still running, it would be queued where it runs */
		KT_ASSERT_TRUE(t, queue_work_on((int)cpu, system_wq, &p.work));
		KT_ASSERT_TRUE(t, wait_ran(&p));
		KT_EXPECT_EQ(t, p.cpu, cpu);
		snprintf(name, sizeof(name), "kworker/%u", cpu);
		KT_EXPECT_STREQ(t, p.comm, name);
	}
	flush_work(&p.work);
}

/* ---- Pending and non-reentrancy ------------------------------------------------------------- */

static struct workqueue_struct *alloc_test_wq(struct ktest *t, unsigned int flags, int max_active)
{
	struct workqueue_struct *wq =
	    alloc_workqueue("wqtest%s", flags, max_active, (flags & WQ_UNBOUND) ? "_u" : "");

	KT_ASSERT_NOT_NULL(t, wq);
	return wq;
}

/* Queueing a pending item again does nothing: it runs once. */
static void queueing_a_pending_item_returns_false_and_it_runs_once(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, 0, 1);
	struct workqueue_stats st;
	struct blocker b;
	struct probe p;

	probe_init(&p);
	KT_ASSERT_TRUE(t, block_cpu(&b, wq, 0));
	KT_EXPECT_TRUE(t, queue_work_on(0, wq, &p.work));
	KT_EXPECT_TRUE(t, work_pending(&p.work));
	KT_EXPECT_FALSE(t, queue_work_on(0, wq, &p.work));
	KT_EXPECT_FALSE(t, queue_work_on((int)last_cpu(), wq, &p.work));
	KT_EXPECT_FALSE(t, queue_work(wq, &p.work));
	complete(&b.release);
	flush_workqueue(wq);
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 1);
	KT_EXPECT_FALSE(t, work_pending(&p.work));
	workqueue_get_stats(wq, &st);
	KT_EXPECT_EQ(t, st.queued, 2); /* the blocker and p, once */
	KT_EXPECT_EQ(t, st.executed, 2);
	destroy_workqueue(wq);
}

#define NR_REQUEUES 50

struct requeuer {
	struct work_struct work;
	struct workqueue_struct *wq;
	atomic_t runs;
	unsigned int refused; /* queue_work() calls on ourselves that returned false */
	struct completion last_run;
};

static void requeuer_fn(struct work_struct *work)
{
	struct requeuer *r = container_of(work, struct requeuer, work);

	if (atomic_inc_return(&r->runs) <= NR_REQUEUES) {
		/* Alternate CPUs, so that some re-queueings cross pools. */
		if (!queue_work_on(atomic_read(&r->runs) % (int)num_online_cpus(), r->wq, work))
			r->refused++;
	} else {
		complete(&r->last_run);
	}
}

/* An item re-queues itself N times from its own function: N + 1 runs, every queueing taken. */
static void an_item_that_requeues_itself_n_times_runs_n_plus_1_times(struct ktest *t)
{
	struct workqueue_struct *wqs[] = { system_wq, system_unbound_wq };
	struct requeuer r;

	for (unsigned int i = 0; i < ARRAY_SIZE(wqs); i++) {
		r = (struct requeuer){ .wq = wqs[i] };
		INIT_WORK(&r.work, requeuer_fn);
		init_completion(&r.last_run);
		KT_ASSERT_TRUE(t, queue_work(wqs[i], &r.work));
		KT_ASSERT_GT(t, wait_for_completion_timeout(&r.last_run, WAIT_JIFFIES), 0);
		flush_work(&r.work);
		KT_EXPECT_EQ(t, atomic_read(&r.runs), NR_REQUEUES + 1);
		KT_EXPECT_EQ(t, r.refused, 0);
		KT_EXPECT_FALSE(t, work_pending(&r.work));
	}
}

/* An item whose first run holds its kworker until released; later runs return at once. */
struct reentry {
	struct work_struct work;
	atomic_t running, overlaps, runs;
	unsigned int cpus[2];	      /* where the first two runs ran */
	struct task_struct *tasks[2]; /* and in which kworker */
	struct completion started, release, second_done;
};

static void reentry_fn(struct work_struct *work)
{
	struct reentry *r = container_of(work, struct reentry, work);
	int n;

	if (atomic_inc_return(&r->running) != 1)
		atomic_inc(&r->overlaps);
	n = atomic_inc_return(&r->runs);
	if (n <= 2) {
		r->cpus[n - 1] = smp_processor_id();
		r->tasks[n - 1] = current;
	}
	if (n == 1) {
		complete(&r->started);
		wait_for_completion_timeout(&r->release, WAIT_JIFFIES);
	}
	atomic_dec(&r->running);
	if (n == 2)
		complete(&r->second_done);
}

static void reentry_init(struct reentry *r)
{
	*r = (struct reentry){};
	INIT_WORK(&r->work, reentry_fn);
	init_completion(&r->started);
	init_completion(&r->release);
	init_completion(&r->second_done);
}

/*
 * Queued on another CPU while it runs on CPU 0, an item is queued on CPU 0 instead: its second
 * run waits for the first to return, in the same kworker.
 */
static void an_item_queued_elsewhere_while_it_runs_runs_after_it_where_it_ran(struct ktest *t)
{
	struct workqueue_struct *wq;
	static struct reentry r;

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU");
	wq = alloc_test_wq(t, 0, 1);
	reentry_init(&r);
	KT_ASSERT_TRUE(t, queue_work_on(0, wq, &r.work));
	KT_ASSERT_GT(t, wait_for_completion_timeout(&r.started, WAIT_JIFFIES), 0);
	KT_EXPECT_TRUE(t, queue_work_on((int)last_cpu(), wq, &r.work)); /* running: not pending */
	complete(&r.release);
	KT_ASSERT_GT(t, wait_for_completion_timeout(&r.second_done, WAIT_JIFFIES), 0);
	flush_work(&r.work);
	KT_EXPECT_EQ(t, atomic_read(&r.overlaps), 0);
	KT_EXPECT_EQ(t, r.cpus[0], 0);
	KT_EXPECT_EQ(t, r.cpus[1], 0);
	KT_EXPECT_TRUE(t, r.tasks[1] == r.tasks[0]);
	destroy_workqueue(wq);
}

/*
 * In an unbound pool with two kworkers, an item queued again while one kworker runs it is
 * skipped by the other: that one runs the item queued after it, and the second run waits.
 */
static void a_second_kworker_leaves_an_item_its_sibling_runs(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, WQ_UNBOUND, 2);
	static struct reentry r;
	struct probe after;

	reentry_init(&r);
	probe_init(&after);
	KT_ASSERT_TRUE(t, queue_work(wq, &r.work));
	KT_ASSERT_GT(t, wait_for_completion_timeout(&r.started, WAIT_JIFFIES), 0);
	KT_EXPECT_TRUE(t, queue_work(wq, &r.work));
	KT_EXPECT_TRUE(t, queue_work(wq, &after.work)); /* behind it on the worklist */
	KT_ASSERT_TRUE(t, wait_ran(&after));		/* the free kworker got past it */
	KT_EXPECT_EQ(t, atomic_read(&r.runs), 1);	/* its second run still waits */
	complete(&r.release);
	KT_ASSERT_GT(t, wait_for_completion_timeout(&r.second_done, WAIT_JIFFIES), 0);
	flush_workqueue(wq);
	KT_EXPECT_EQ(t, atomic_read(&r.overlaps), 0);
	KT_EXPECT_EQ(t, atomic_read(&r.runs), 2);
	destroy_workqueue(wq);
}

#define NR_HAMMER_QUEUEINGS 100

/* One item, queued over and over from every CPU while it runs (and sleeps). */
struct hammered {
	struct work_struct work;
	struct workqueue_struct *wq;
	atomic_t running;  /* executions in progress: never above 1 */
	atomic_t overlaps; /* times an execution found another one in progress */
	atomic_t runs;
	struct completion hammers_done;
};

static void hammered_fn(struct work_struct *work)
{
	struct hammered *h = container_of(work, struct hammered, work);

	if (atomic_inc_return(&h->running) != 1)
		atomic_inc(&h->overlaps);
	msleep(1); /* a long execution: plenty of time for a second one to start if it could */
	atomic_dec(&h->running);
	atomic_inc(&h->runs);
}

static int hammer_fn(void *arg)
{
	struct hammered *h = arg;
	unsigned int cpu = smp_processor_id(), n = num_online_cpus();

	for (unsigned int i = 0; i < NR_HAMMER_QUEUEINGS; i++) {
		queue_work_on((int)((cpu + i) % n), h->wq, &h->work); /* this CPU and the others */
		udelay(100);
	}
	complete(&h->hammers_done);
	return 0;
}

static void hammer(struct ktest *t, struct hammered *h, struct workqueue_struct *wq)
{
	unsigned int cpu;

	*h = (struct hammered){ .wq = wq };
	INIT_WORK(&h->work, hammered_fn);
	init_completion(&h->hammers_done);
	for_each_online_cpu(cpu)
	{
		struct task_struct *k = kthread_create(hammer_fn, h, "hammer/%u", cpu);

		KT_ASSERT_FALSE(t, IS_ERR(k));
		kthread_bind(k, cpu);
		wake_up_process(k);
	}
	for_each_online_cpu(cpu)
	{
		KT_ASSERT_GT(t, wait_for_completion_timeout(&h->hammers_done, WAIT_JIFFIES), 0);
	}
	flush_work(&h->work);
	KT_EXPECT_EQ(t, atomic_read(&h->overlaps), 0);
	KT_EXPECT_GT(t, atomic_read(&h->runs), 0);
	KT_EXPECT_FALSE(t, work_pending(&h->work));
}

/*
 * Queued again from every CPU while it runs, an item is never seen running twice at once:
 * across the per-CPU pools, and among the several kworkers of one unbound pool.
 */
static void an_item_is_never_run_twice_at_once(struct ktest *t)
{
	static struct hammered h; /* the hammer threads may outlive a failed case */
	struct workqueue_struct *unbound = alloc_test_wq(t, WQ_UNBOUND, 4);

	hammer(t, &h, system_wq);
	hammer(t, &h, unbound);
	destroy_workqueue(unbound);
}

/* ---- Flush ---------------------------------------------------------------------------------- */

/* One call of flush_work() or a cancel, made by a thread of its own so the case can watch it. */
struct op_thread {
	bool (*op)(struct work_struct *work);
	struct work_struct *work;
	atomic_t *watch; /* read as soon as op returns */
	bool calling, ret;
	int watched;
	struct task_struct *task;
	struct completion done;
};

static int op_thread_fn(void *arg)
{
	struct op_thread *o = arg;

	WRITE_ONCE(o->calling, true);
	o->ret = o->op(o->work);
	o->watched = atomic_read(o->watch);
	complete(&o->done);
	return 0;
}

static void start_op(struct ktest *t, struct op_thread *o)
{
	init_completion(&o->done);
	o->task = kthread_create(op_thread_fn, o, "op");
	KT_ASSERT_FALSE(t, IS_ERR(o->task));
	get_task_struct(o->task); /* op_sleeps() looks at it */
	wake_up_process(o->task);
}

/*
 * Has the thread gone to sleep inside op? (Nothing else it does sleeps.) From then on op has
 * seen the item as it is now, so what it returns does not depend on how fast anything runs.
 */
static bool op_sleeps(struct op_thread *o)
{
	return poll_until(READ_ONCE(o->calling) && task_state(o->task) == TASK_UNINTERRUPTIBLE);
}

static bool op_done(struct op_thread *o)
{
	bool done = wait_for_completion_timeout(&o->done, WAIT_JIFFIES) > 0;

	if (done)
		put_task_struct(o->task);
	return done;
}

/* flush_work() waits for a running item to return, and for a queued one to run. */
static void flush_work_waits_for_a_running_or_queued_item(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, 0, 1);
	static struct op_thread o; /* static: the threads may outlive a failed case */
	static struct blocker b;
	static struct probe p;

	probe_init(&p);
	KT_EXPECT_FALSE(t, flush_work(&p.work)); /* never queued: nothing to wait for */
	KT_ASSERT_TRUE(t, block_cpu(&b, wq, 0));
	o = (struct op_thread){ .op = flush_work, .work = &b.work, .watch = &b.finished };
	start_op(t, &o);
	KT_EXPECT_TRUE(t, op_sleeps(&o)); /* waiting for the running blocker */
	complete(&b.release);
	KT_ASSERT_TRUE(t, op_done(&o));
	KT_EXPECT_TRUE(t, o.ret);
	KT_EXPECT_EQ(t, o.watched, 1);
	KT_ASSERT_TRUE(t, block_cpu(&b, wq, 0));
	KT_EXPECT_TRUE(t, queue_work_on(0, wq, &p.work));
	o = (struct op_thread){ .op = flush_work, .work = &p.work, .watch = &p.runs };
	start_op(t, &o);
	KT_EXPECT_TRUE(t, op_sleeps(&o)); /* waiting for p, queued behind the blocker */
	complete(&b.release);
	KT_ASSERT_TRUE(t, op_done(&o));
	KT_EXPECT_TRUE(t, o.ret);
	KT_EXPECT_EQ(t, o.watched, 1);
	KT_EXPECT_FALSE(t, flush_work(&p.work)); /* done: nothing to wait for */
	destroy_workqueue(wq);
}

#define NR_FLUSHED 8

/* flush_workqueue() returns once every item queued before it has run, on every CPU. */
static void flush_workqueue_waits_for_everything_queued_before(struct ktest *t)
{
	unsigned int flags[] = { 0, WQ_UNBOUND };
	static struct probe p[NR_FLUSHED];

	for (unsigned int f = 0; f < ARRAY_SIZE(flags); f++) {
		struct workqueue_struct *wq = alloc_test_wq(t, flags[f], 0);

		for (int i = 0; i < NR_FLUSHED; i++) {
			probe_init(&p[i]);
			p[i].sleep_ms = 2;
			queue_work_on(i % (int)num_online_cpus(), wq, &p[i].work);
		}
		flush_workqueue(wq);
		for (int i = 0; i < NR_FLUSHED; i++)
			KT_EXPECT_EQ(t, atomic_read(&p[i].runs), 1);
		destroy_workqueue(wq);
	}
}

struct self_flusher {
	struct work_struct work;
	struct workqueue_struct *wq;
	bool flush_work_ret, cancel_ret;
	struct completion done;
};

static void self_flusher_fn(struct work_struct *work)
{
	struct self_flusher *s = container_of(work, struct self_flusher, work);

	s->flush_work_ret = flush_work(work);
	flush_workqueue(s->wq);
	s->cancel_ret = cancel_work_sync(work);
	complete(&s->done);
}

/* An item that flushes or cancels itself, or flushes its own workqueue, is warned, not hung. */
static void flushing_itself_from_an_item_warns_instead_of_hanging(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, 0, 1);
	struct self_flusher s = { .wq = wq, .flush_work_ret = true, .cancel_ret = true };

	INIT_WORK(&s.work, self_flusher_fn);
	init_completion(&s.done);
	KT_ASSERT_TRUE(t, queue_work(wq, &s.work));
	KT_ASSERT_GT(t, wait_for_completion_timeout(&s.done, WAIT_JIFFIES), 0);
	KT_EXPECT_FALSE(t, s.flush_work_ret);
	KT_EXPECT_FALSE(t, s.cancel_ret); /* it was running, not pending */
	destroy_workqueue(wq);
}

/* ---- Cancel --------------------------------------------------------------------------------- */

/* A pending item that is cancelled never runs. */
static void cancel_work_sync_keeps_a_pending_item_from_running(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, 0, 1);
	struct workqueue_stats st;
	struct blocker b;
	struct probe p;

	probe_init(&p);
	KT_ASSERT_TRUE(t, block_cpu(&b, wq, 0));
	KT_EXPECT_TRUE(t, queue_work_on(0, wq, &p.work));
	KT_EXPECT_TRUE(t, cancel_work_sync(&p.work));
	KT_EXPECT_FALSE(t, work_pending(&p.work));
	KT_EXPECT_FALSE(t, cancel_work_sync(&p.work)); /* idle now */
	complete(&b.release);
	flush_workqueue(wq);
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 0);
	workqueue_get_stats(wq, &st);
	KT_EXPECT_EQ(t, st.queued, 2);
	KT_EXPECT_EQ(t, st.cancelled, 1);
	KT_EXPECT_EQ(t, st.executed, 1); /* the blocker only */
	/* Once cancelled, it can be queued again like any idle item. */
	KT_EXPECT_TRUE(t, queue_work(wq, &p.work));
	KT_EXPECT_TRUE(t, wait_ran(&p));
	destroy_workqueue(wq);
}

/* cancel_work() takes a pending item back as well, without waiting for anything. */
static void cancel_work_keeps_a_pending_item_from_running(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, WQ_UNBOUND, 1);
	struct blocker b;
	struct probe p;

	probe_init(&p);
	KT_ASSERT_TRUE(t, block_cpu(&b, wq, WORK_CPU_UNBOUND)); /* the only kworker */
	KT_EXPECT_TRUE(t, queue_work(wq, &p.work));
	KT_EXPECT_TRUE(t, cancel_work(&p.work));
	KT_EXPECT_FALSE(t, work_pending(&p.work));
	KT_EXPECT_FALSE(t, cancel_work(&p.work));
	KT_EXPECT_FALSE(t, cancel_work(&b.work)); /* running, not pending: left alone */
	complete(&b.release);
	flush_workqueue(wq);
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 0);
	KT_EXPECT_EQ(t, atomic_read(&b.finished), 1);
	destroy_workqueue(wq);
}

/* cancel_work_sync() of a running item returns once it has finished. */
static void cancel_work_sync_waits_for_a_running_item(struct ktest *t)
{
	struct probe p;

	probe_init(&p);
	p.sleep_ms = 20;
	KT_ASSERT_TRUE(t, queue_work_on((int)last_cpu(), system_wq, &p.work));
	KT_ASSERT_TRUE(t, poll_until(atomic_read(&p.starts) == 1));
	KT_EXPECT_FALSE(t, cancel_work_sync(&p.work)); /* running, not pending */
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 1);
}

struct forever {
	struct work_struct work;
	atomic_t runs;
};

static void forever_fn(struct work_struct *work)
{
	struct forever *f = container_of(work, struct forever, work);

	atomic_inc(&f->runs);
	msleep(1);
	queue_work(system_unbound_wq, work);
}

/* An item that re-queues itself for ever stops for good once cancel_work_sync() returns. */
static void cancel_work_sync_stops_an_item_that_requeues_itself(struct ktest *t)
{
	struct forever f = {};
	int runs;

	INIT_WORK(&f.work, forever_fn);
	KT_ASSERT_TRUE(t, queue_work(system_unbound_wq, &f.work));
	KT_ASSERT_TRUE(t, poll_until(atomic_read(&f.runs) >= 3));
	cancel_work_sync(&f.work);
	runs = atomic_read(&f.runs);
	msleep(10);
	KT_EXPECT_EQ(t, atomic_read(&f.runs), runs);
	KT_EXPECT_FALSE(t, work_pending(&f.work));
}

/*
 * Three cancels of one running item at once: a cancel_work() returns at once (an item being
 * cancelled will not run), and two cancel_work_sync() calls both return once it has finished.
 * Meanwhile nobody can queue it.
 */
static void concurrent_cancels_of_one_item_all_return(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, 0, 1);
	static struct op_thread first, second, plain;
	static struct blocker b;

	KT_ASSERT_TRUE(t, block_cpu(&b, wq, 0));
	first = (struct op_thread){ .op = cancel_work_sync, .work = &b.work, .watch = &b.finished };
	second = first;
	plain = (struct op_thread){ .op = cancel_work, .work = &b.work, .watch = &b.finished };
	start_op(t, &first);
	KT_EXPECT_TRUE(t, op_sleeps(&first)); /* waiting for the blocker */
	start_op(t, &second);
	KT_EXPECT_TRUE(t, op_sleeps(&second)); /* waiting for the first cancel */
	start_op(t, &plain);
	KT_EXPECT_TRUE(t, op_done(&plain));
	KT_EXPECT_FALSE(t, plain.ret);
	KT_EXPECT_EQ(t, plain.watched, 0);
	KT_EXPECT_FALSE(t, queue_work(wq, &b.work)); /* a cancel owns it */
	complete(&b.release);
	KT_EXPECT_TRUE(t, op_done(&first));
	KT_EXPECT_TRUE(t, op_done(&second));
	KT_EXPECT_EQ(t, first.watched, 1);
	KT_EXPECT_EQ(t, second.watched, 1);
	KT_EXPECT_FALSE(t, work_pending(&b.work));
	destroy_workqueue(wq);
}

/* ---- Delayed work --------------------------------------------------------------------------- */

static void expect_delay_kept(struct ktest *t, struct workqueue_struct *wq, unsigned long delay)
{
	struct probe p;

	probe_init(&p);
	p.queued_jiffies = jiffies;
	KT_ASSERT_TRUE(t, queue_delayed_work(wq, &p.dwork, delay));
	KT_ASSERT_TRUE(t, wait_ran(&p));
	KT_EXPECT_GE(t, p.ran_jiffies - p.queued_jiffies, delay);
	expect_task_context(t, &p);
	flush_delayed_work(&p.dwork);
}

/* A delayed item starts no earlier than its delay, in a kworker. */
static void delayed_work_runs_no_earlier_than_asked(struct ktest *t)
{
	unsigned long delays[] = { 0, 1, 5, 20 };

	for (unsigned int i = 0; i < ARRAY_SIZE(delays); i++) {
		expect_delay_kept(t, system_wq, delays[i]);
		expect_delay_kept(t, system_unbound_wq, delays[i]);
	}
}

/* A delayed item cancelled before its timer fires never runs. */
static void cancel_delayed_work_sync_kills_the_timer(struct ktest *t)
{
	struct probe p;

	probe_init(&p);
	KT_ASSERT_TRUE(t, schedule_delayed_work(&p.dwork, msecs_to_jiffies(30)));
	KT_EXPECT_TRUE(t, delayed_work_pending(&p.dwork));
	KT_EXPECT_FALSE(t, schedule_delayed_work(&p.dwork, 1)); /* pending: no change */
	KT_EXPECT_TRUE(t, cancel_delayed_work_sync(&p.dwork));
	KT_EXPECT_FALSE(t, delayed_work_pending(&p.dwork));
	msleep(60); /* well past the delay */
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 0);
	KT_EXPECT_FALSE(t, cancel_delayed_work(&p.dwork));
	/* The same without waiting: cancel_delayed_work(). */
	KT_ASSERT_TRUE(t, queue_delayed_work(system_unbound_wq, &p.dwork, msecs_to_jiffies(30)));
	KT_EXPECT_TRUE(t, cancel_delayed_work(&p.dwork));
	KT_EXPECT_FALSE(t, delayed_work_pending(&p.dwork));
	msleep(60);
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 0);
}

/* flush_delayed_work() runs an item waiting for its timer at once; mod_delayed_work() too. */
static void flush_and_mod_delayed_work_run_it_early(struct ktest *t)
{
	unsigned long start = jiffies, delay = WAIT_JIFFIES;
	struct probe p;

	probe_init(&p);
	KT_ASSERT_TRUE(t, queue_delayed_work(system_unbound_wq, &p.dwork, delay));
	KT_EXPECT_TRUE(t, flush_delayed_work(&p.dwork));
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 1);
	KT_ASSERT_TRUE(t, queue_delayed_work(system_wq, &p.dwork, delay));
	KT_EXPECT_TRUE(t, mod_delayed_work(system_wq, &p.dwork, 0)); /* it was pending */
	KT_ASSERT_TRUE(t, wait_ran(&p));
	KT_ASSERT_TRUE(t, wait_ran(&p));
	KT_EXPECT_LT(t, jiffies - start, delay); /* neither waited for its timer */
	KT_EXPECT_FALSE(t, mod_delayed_work(system_wq, &p.dwork, delay)); /* idle: just queued */
	KT_EXPECT_TRUE(t, cancel_delayed_work_sync(&p.dwork));
	KT_EXPECT_EQ(t, atomic_read(&p.runs), 2);
}

/* ---- Queueing from interrupts --------------------------------------------------------------- */

struct irq_queuer {
	struct probe p;
	bool in_hardirq, queued;
};

static void queue_from_hardirq(void *arg)
{
	struct irq_queuer *q = arg;

	q->in_hardirq = in_hardirq();
	q->queued = queue_work(system_wq, &q->p.work);
}

/* An interrupt handler on another CPU queues an item: it runs there, in that CPU's kworker. */
static void queue_work_from_hardirq_runs_the_item(struct ktest *t)
{
	struct irq_queuer q;
	unsigned int cpu;

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU to interrupt");
	for_each_online_cpu(cpu)
	{
		if (cpu == smp_processor_id())
			continue;
		q = (struct irq_queuer){};
		probe_init(&q.p);
		KT_ASSERT_EQ(t, smp_call_function_single(cpu, queue_from_hardirq, &q, true), 0);
		KT_EXPECT_TRUE(t, q.in_hardirq);
		KT_EXPECT_TRUE(t, q.queued);
		KT_ASSERT_TRUE(t, wait_ran(&q.p));
		KT_EXPECT_EQ(t, q.p.cpu, cpu);
		expect_task_context(t, &q.p);
		flush_work(&q.p.work);
	}
}

struct timer_queuer {
	struct timer_list timer;
	struct probe p;
	bool in_softirq, queued;
};

static void queue_from_timer(struct timer_list *timer)
{
	struct timer_queuer *q = container_of(timer, struct timer_queuer, timer);

	q->in_softirq = in_serving_softirq();
	q->queued = queue_work(system_unbound_wq, &q->p.work);
}

/* A timer handler (softirq), and a task with interrupts off, queue items that run. */
static void queue_work_from_a_timer_and_with_interrupts_off(struct ktest *t)
{
	struct timer_queuer q = {};
	unsigned long flags;
	bool queued;

	probe_init(&q.p);
	timer_setup(&q.timer, queue_from_timer);
	mod_timer(&q.timer, jiffies + 1);
	KT_ASSERT_TRUE(t, wait_ran(&q.p));
	del_timer_sync(&q.timer);
	KT_EXPECT_TRUE(t, q.in_softirq);
	KT_EXPECT_TRUE(t, q.queued);
	expect_task_context(t, &q.p);
	flush_work(&q.p.work);
	flags = local_irq_save();
	queued = queue_work(system_wq, &q.p.work);
	local_irq_restore(flags);
	KT_EXPECT_TRUE(t, queued);
	KT_ASSERT_TRUE(t, wait_ran(&q.p));
	flush_work(&q.p.work);
}

/* ---- Many items ----------------------------------------------------------------------------- */

#define NR_MANY 10000

struct many_item {
	struct work_struct work;
	atomic_t runs;
};

struct many {
	struct many_item *items;
	struct workqueue_struct *wq;
	struct completion queuers_done;
	atomic_t refused;
};

static void many_fn(struct work_struct *work)
{
	atomic_inc(&container_of(work, struct many_item, work)->runs);
}

/* Queue this CPU's share: mostly here, every 16th on the next CPU. */
static int many_queuer_fn(void *arg)
{
	struct many *m = arg;
	unsigned int cpu = smp_processor_id(), n = num_online_cpus();

	for (unsigned int i = cpu; i < NR_MANY; i += n) {
		bool ok = (i / n) % 16
			      ? queue_work(m->wq, &m->items[i].work)
			      : queue_work_on((int)((cpu + 1) % n), m->wq, &m->items[i].work);

		if (!ok)
			atomic_inc(&m->refused);
	}
	complete(&m->queuers_done);
	return 0;
}

static void start_many_queuers(struct ktest *t, struct many *m)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
	{
		struct task_struct *k = kthread_create(many_queuer_fn, m, "queuer/%u", cpu);

		KT_ASSERT_FALSE(t, IS_ERR(k));
		kthread_bind(k, cpu);
		wake_up_process(k);
	}
}

/* 10,000 items queued from every CPU at once each run exactly once. */
static void ten_thousand_items_from_every_cpu_each_run_once(struct ktest *t)
{
	static struct many m;
	struct workqueue_stats st;
	unsigned int cpu, wrong = 0;

	m = (struct many){ .wq = alloc_test_wq(t, 0, 1) };
	m.items = vmalloc(NR_MANY * sizeof(*m.items));
	KT_ASSERT_NOT_NULL(t, m.items);
	for (int i = 0; i < NR_MANY; i++) {
		INIT_WORK(&m.items[i].work, many_fn);
		atomic_set(&m.items[i].runs, 0);
	}
	init_completion(&m.queuers_done);
	start_many_queuers(t, &m);
	for_each_online_cpu(cpu)
	{
		KT_ASSERT_GT(t, wait_for_completion_timeout(&m.queuers_done, WAIT_JIFFIES), 0);
	}
	flush_workqueue(m.wq);
	for (int i = 0; i < NR_MANY; i++)
		wrong += atomic_read(&m.items[i].runs) != 1;
	KT_EXPECT_EQ(t, wrong, 0);
	KT_EXPECT_EQ(t, atomic_read(&m.refused), 0);
	workqueue_get_stats(m.wq, &st);
	KT_EXPECT_EQ(t, st.queued, NR_MANY);
	KT_EXPECT_EQ(t, st.executed, NR_MANY);
	destroy_workqueue(m.wq);
	vfree(m.items);
}

/* ---- Private workqueues --------------------------------------------------------------------- */

#define NR_DRAINED 8

/* destroy_workqueue() runs what is queued, and what those items queue in turn, before it frees. */
static void destroy_workqueue_runs_every_queued_item_first(struct ktest *t)
{
	unsigned int flags[] = { 0, WQ_UNBOUND };
	static struct probe p[NR_DRAINED];
	static struct requeuer r;

	for (unsigned int f = 0; f < ARRAY_SIZE(flags); f++) {
		struct workqueue_struct *wq = alloc_test_wq(t, flags[f], 2);

		for (int i = 0; i < NR_DRAINED; i++) {
			probe_init(&p[i]);
			p[i].sleep_ms = 2;
			KT_EXPECT_TRUE(t,
				       queue_work_on(i % (int)num_online_cpus(), wq, &p[i].work));
		}
		r = (struct requeuer){ .wq = wq };
		INIT_WORK(&r.work, requeuer_fn);
		init_completion(&r.last_run);
		KT_EXPECT_TRUE(t, queue_work(wq, &r.work));
		destroy_workqueue(wq);
		for (int i = 0; i < NR_DRAINED; i++)
			KT_EXPECT_EQ(t, atomic_read(&p[i].runs), 1);
		KT_EXPECT_EQ(t, atomic_read(&r.runs), NR_REQUEUES + 1);
	}
}

#define NR_CONCURRENT 8
#define MAX_ACTIVE    2

struct limited;

struct limited_item {
	struct work_struct work;
	struct limited *l;
};

struct limited {
	struct limited_item items[NR_CONCURRENT];
	atomic_t running; /* items in their function right now */
	atomic_t most;	  /* the most ever seen running at once */
};

static void limited_fn(struct work_struct *work)
{
	struct limited *l = container_of(work, struct limited_item, work)->l;
	int now = atomic_inc_return(&l->running);
	int most = atomic_read(&l->most);

	while (now > most && !atomic_try_cmpxchg(&l->most, &most, now))
		;
	msleep(5); /* long enough for the others to pile up if they could */
	atomic_dec(&l->running);
}

/* A WQ_UNBOUND workqueue with max_active 2 has two kworkers and never runs more at once. */
static void unbound_workqueue_runs_at_most_max_active_items_at_once(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, WQ_UNBOUND, MAX_ACTIVE);
	static struct limited l;
	struct workqueue_stats st;

	l = (struct limited){};
	for (int i = 0; i < NR_CONCURRENT; i++) {
		l.items[i].l = &l;
		INIT_WORK(&l.items[i].work, limited_fn);
		KT_EXPECT_TRUE(t, queue_work(wq, &l.items[i].work));
	}
	flush_workqueue(wq);
	KT_EXPECT_GE(t, atomic_read(&l.most), 1);
	KT_EXPECT_LE(t, atomic_read(&l.most), MAX_ACTIVE);
	workqueue_get_stats(wq, &st);
	KT_EXPECT_EQ(t, st.nr_workers, MAX_ACTIVE);
	KT_EXPECT_EQ(t, st.executed, NR_CONCURRENT);
	destroy_workqueue(wq);
}

/* The statistics count every queueing and execution, and a wait the case can bound below. */
static void statistics_count_items_and_their_wait(struct ktest *t)
{
	struct workqueue_struct *wq = alloc_test_wq(t, 0, 1);
	struct workqueue_stats st;
	struct blocker b;
	struct probe p;
	u64 queued, released;

	probe_init(&p);
	KT_ASSERT_TRUE(t, block_cpu(&b, wq, 0)); /* our CPU: one clock for both ends */
	KT_EXPECT_TRUE(t, queue_work_on(0, wq, &p.work));
	queued = ktime_get_ns();
	msleep(10);
	released = ktime_get_ns();
	complete(&b.release); /* p can start only after this */
	flush_workqueue(wq);
	workqueue_get_stats(wq, &st);
	KT_EXPECT_EQ(t, st.queued, 2);
	KT_EXPECT_EQ(t, st.executed, 2);
	KT_EXPECT_EQ(t, st.cancelled, 0);
	KT_EXPECT_GE(t, st.max_latency_ns, released - queued);
	KT_EXPECT_EQ(t, st.nr_workers, num_online_cpus());
	destroy_workqueue(wq);
}

static const struct ktest_case workqueue_cases[] = {
	KTEST_CASE(items_run_in_task_context_and_may_sleep),
	KTEST_CASE(system_wq_runs_items_on_the_cpu_asked_for),
	KTEST_CASE(queueing_a_pending_item_returns_false_and_it_runs_once),
	KTEST_CASE(an_item_that_requeues_itself_n_times_runs_n_plus_1_times),
	KTEST_CASE(an_item_queued_elsewhere_while_it_runs_runs_after_it_where_it_ran),
	KTEST_CASE(a_second_kworker_leaves_an_item_its_sibling_runs),
	KTEST_CASE(an_item_is_never_run_twice_at_once),
	KTEST_CASE(flush_work_waits_for_a_running_or_queued_item),
	KTEST_CASE(flush_workqueue_waits_for_everything_queued_before),
	KTEST_CASE(flushing_itself_from_an_item_warns_instead_of_hanging),
	KTEST_CASE(cancel_work_sync_keeps_a_pending_item_from_running),
	KTEST_CASE(cancel_work_keeps_a_pending_item_from_running),
	KTEST_CASE(cancel_work_sync_waits_for_a_running_item),
	KTEST_CASE(cancel_work_sync_stops_an_item_that_requeues_itself),
	KTEST_CASE(concurrent_cancels_of_one_item_all_return),
	KTEST_CASE(delayed_work_runs_no_earlier_than_asked),
	KTEST_CASE(cancel_delayed_work_sync_kills_the_timer),
	KTEST_CASE(flush_and_mod_delayed_work_run_it_early),
	KTEST_CASE(queue_work_from_hardirq_runs_the_item),
	KTEST_CASE(queue_work_from_a_timer_and_with_interrupts_off),
	KTEST_CASE(ten_thousand_items_from_every_cpu_each_run_once),
	KTEST_CASE(destroy_workqueue_runs_every_queued_item_first),
	KTEST_CASE(unbound_workqueue_runs_at_most_max_active_items_at_once),
	KTEST_CASE(statistics_count_items_and_their_wait),
	{},
};
KTEST_SUITE(workqueue, workqueue_cases);
