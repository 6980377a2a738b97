/* SPDX-License-Identifier: MIT */
/*
 * Tests of the sleeping primitives: wait queues, completions, mutexes, and the validator's view
 * of sleeping where it is not allowed. Every wait is bounded, so a lost wake-up fails the case
 * instead of hanging the run.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/locking/lockdep.h"
#include "kernel/locking/spinlock.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/mutex.h"
#include "kernel/sched/rwsem.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"

#define WAIT_JIFFIES (10 * HZ) /* only a lost wake-up takes this long */

/* A bounded buffer between a producer and a consumer thread, each sleeping on a wait queue. */
#define RING_SIZE 4
#define NR_ITEMS  500

struct ring {
	spinlock_t lock;
	unsigned int head, tail; /* under lock; head - tail items are in the ring */
	unsigned int items[RING_SIZE];
	struct wait_queue_head not_full, not_empty;
	unsigned int received, out_of_order;
	unsigned long sum;
	struct completion consumer_done;
};

static bool ring_count_is(struct ring *r, bool full)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&r->lock, flags);
	ret = full ? r->head - r->tail == RING_SIZE : r->head == r->tail;
	spin_unlock_irqrestore(&r->lock, flags);
	return ret;
}

static int producer_fn(void *arg)
{
	struct ring *r = arg;

	for (unsigned int i = 1; i <= NR_ITEMS; i++) {
		unsigned long flags;

		wait_event(r->not_full, !ring_count_is(r, true));
		spin_lock_irqsave(&r->lock, flags);
		r->items[r->head++ % RING_SIZE] = i;
		spin_unlock_irqrestore(&r->lock, flags);
		wake_up(&r->not_empty);
	}
	return 0;
}

static int consumer_fn(void *arg)
{
	struct ring *r = arg;

	while (r->received < NR_ITEMS) {
		unsigned long flags;
		unsigned int item;

		wait_event(r->not_empty, !ring_count_is(r, false));
		spin_lock_irqsave(&r->lock, flags);
		item = r->items[r->tail++ % RING_SIZE];
		spin_unlock_irqrestore(&r->lock, flags);
		wake_up(&r->not_full);
		if (item != ++r->received)
			r->out_of_order++;
		r->sum += item;
	}
	complete(&r->consumer_done);
	return 0;
}

static void producer_and_consumer_share_a_bounded_buffer(struct ktest *t)
{
	static struct ring r;
	struct task_struct *consumer, *producer;

	r = (struct ring){};
	spin_lock_init(&r.lock);
	init_waitqueue_head(&r.not_full);
	init_waitqueue_head(&r.not_empty);
	init_completion(&r.consumer_done);
	consumer = kthread_run(consumer_fn, &r, "consumer");
	KT_ASSERT_FALSE(t, IS_ERR(consumer));
	producer = kthread_run(producer_fn, &r, "producer");
	KT_ASSERT_FALSE(t, IS_ERR(producer));
	KT_ASSERT_GT(t, wait_for_completion_timeout(&r.consumer_done, WAIT_JIFFIES), 0);
	KT_EXPECT_EQ(t, r.received, NR_ITEMS);
	KT_EXPECT_EQ(t, r.out_of_order, 0);
	KT_EXPECT_EQ(t, r.sum, (unsigned long)NR_ITEMS * (NR_ITEMS + 1) / 2);
}

struct ping {
	struct completion go, done;
	unsigned int woke_on;
};

static int ping_fn(void *arg)
{
	struct ping *p = arg;

	wait_for_completion(&p->go);
	p->woke_on = smp_processor_id();
	complete(&p->done);
	return 0;
}

/* complete() on one CPU wakes a thread sleeping on another. */
static void completion_wakes_a_thread_on_another_cpu(struct ktest *t)
{
	unsigned int cpu = num_online_cpus() - 1; /* the runner is on CPU 0 */
	struct ping p = { .woke_on = ~0u };
	struct task_struct *task;

	init_completion(&p.go);
	init_completion(&p.done);
	task = kthread_create(ping_fn, &p, "ping");
	KT_ASSERT_FALSE(t, IS_ERR(task));
	kthread_bind(task, cpu);
	wake_up_process(task);
	msleep(10); /* let it go to sleep first (if it has not, complete() is remembered) */
	complete(&p.go);
	KT_ASSERT_GT(t, wait_for_completion_timeout(&p.done, WAIT_JIFFIES), 0);
	KT_EXPECT_EQ(t, p.woke_on, cpu);
}

#define NR_WAITERS 4

static int waiter_fn(void *arg)
{
	struct ping *p = arg;

	wait_for_completion(&p->go);
	complete(&p->done);
	return 0;
}

/* complete_all() lets every waiter through, and every later one too. */
static void complete_all_releases_every_waiter(struct ktest *t)
{
	struct ping p;

	init_completion(&p.go);
	init_completion(&p.done);
	for (int i = 0; i < NR_WAITERS; i++)
		KT_ASSERT_FALSE(t, IS_ERR(kthread_run(waiter_fn, &p, "waiter/%d", i)));
	msleep(10);
	complete_all(&p.go);
	for (int i = 0; i < NR_WAITERS; i++)
		KT_ASSERT_GT(t, wait_for_completion_timeout(&p.done, WAIT_JIFFIES), 0);
	KT_EXPECT_TRUE(t, completion_done(&p.go));
	KT_EXPECT_TRUE(t, try_wait_for_completion(&p.go)); /* still done: never used up */
}

/* One complete() is one pass: a second try finds nothing. */
static void complete_is_consumed_once(struct ktest *t)
{
	struct completion c;

	init_completion(&c);
	KT_EXPECT_FALSE(t, try_wait_for_completion(&c));
	complete(&c);
	KT_EXPECT_TRUE(t, completion_done(&c));
	KT_EXPECT_TRUE(t, try_wait_for_completion(&c));
	KT_EXPECT_FALSE(t, try_wait_for_completion(&c));
}

/* Waiting with a timeout for something that never happens returns 0 after the timeout. */
static void wait_for_completion_timeout_expires(struct ktest *t)
{
	struct completion c;
	unsigned long start = jiffies;

	init_completion(&c);
	KT_EXPECT_EQ(t, wait_for_completion_timeout(&c, 5), 0);
	KT_EXPECT_GE(t, jiffies - start, 5);
}

static DECLARE_WAIT_QUEUE_HEAD(never_wq);

/* wait_event_timeout() on a condition that stays false times out with 0. */
static void wait_event_timeout_expires(struct ktest *t)
{
	unsigned long start = jiffies;
	long left = wait_event_timeout(never_wq, false, 5);

	KT_EXPECT_EQ(t, left, 0);
	KT_EXPECT_GE(t, jiffies - start, 5);
	KT_EXPECT_EQ(t, task_state(current), TASK_RUNNING);
}

/* The counter is updated in a way that loses updates unless the mutex serialises it. */
#define NR_CONTENDERS 4
#define NR_INCREMENTS 200

struct counted {
	struct mutex lock;
	volatile unsigned long counter;
	struct completion done;
};

static int contender_fn(void *arg)
{
	struct counted *c = arg;

	for (int i = 0; i < NR_INCREMENTS; i++) {
		unsigned long v;

		mutex_lock(&c->lock);
		v = c->counter;
		if (i % 8 == 0)
			yield(); /* give the others a chance to run inside the critical section */
		c->counter = v + 1;
		mutex_unlock(&c->lock);
	}
	complete(&c->done);
	return 0;
}

static void mutex_keeps_a_shared_counter_exact(struct ktest *t)
{
	static struct counted c;

	mutex_init(&c.lock);
	c.counter = 0;
	init_completion(&c.done);
	for (int i = 0; i < NR_CONTENDERS; i++)
		KT_ASSERT_FALSE(t, IS_ERR(kthread_run(contender_fn, &c, "contender/%d", i)));
	for (int i = 0; i < NR_CONTENDERS; i++)
		KT_ASSERT_GT(t, wait_for_completion_timeout(&c.done, WAIT_JIFFIES), 0);
	KT_EXPECT_EQ(t, c.counter, NR_CONTENDERS * NR_INCREMENTS);
	KT_EXPECT_FALSE(t, mutex_is_locked(&c.lock));
}

/* Locking a mutex the task already holds is reported (and does not deadlock). */
static void mutex_recursive_locking_is_reported(struct ktest *t)
{
	struct mutex m;
	unsigned long before = mutex_misuse_count();

	mutex_init(&m);
	mutex_lock(&m);
	mutex_lock(&m);
	KT_EXPECT_EQ(t, mutex_misuse_count(), before + 1);
	KT_EXPECT_TRUE(t, m.owner == current);
	mutex_unlock(&m);
	KT_EXPECT_FALSE(t, mutex_is_locked(&m));
	KT_EXPECT_EQ(t, mutex_misuse_count(), before + 1);
}

struct holder {
	struct mutex lock;
	struct completion locked, release, released;
};

static int holder_fn(void *arg)
{
	struct holder *h = arg;

	mutex_lock(&h->lock);
	complete(&h->locked);
	wait_for_completion(&h->release);
	mutex_unlock(&h->lock);
	complete(&h->released);
	return 0;
}

/* Unlocking a mutex another task holds is reported and refused. */
static void mutex_unlock_by_another_task_is_refused(struct ktest *t)
{
	static struct holder h;
	unsigned long before = mutex_misuse_count();
	struct task_struct *task;

	mutex_init(&h.lock);
	init_completion(&h.locked);
	init_completion(&h.release);
	init_completion(&h.released);
	task = kthread_run(holder_fn, &h, "holder");
	KT_ASSERT_FALSE(t, IS_ERR(task));
	KT_ASSERT_GT(t, wait_for_completion_timeout(&h.locked, WAIT_JIFFIES), 0);
	mutex_unlock(&h.lock);
	KT_EXPECT_EQ(t, mutex_misuse_count(), before + 1);
	KT_EXPECT_TRUE(t, h.lock.owner == task); /* still the holder's */
	KT_EXPECT_FALSE(t, mutex_trylock(&h.lock));
	complete(&h.release);
	KT_ASSERT_GT(t, wait_for_completion_timeout(&h.released, WAIT_JIFFIES), 0);
	KT_EXPECT_EQ(t, mutex_misuse_count(), before + 1);
	KT_EXPECT_TRUE(t, mutex_trylock(&h.lock));
	mutex_unlock(&h.lock);
}

/*
 * Taking a mutex (which may sleep) inside a spinlock is caught by might_sleep(), even when the
 * mutex is free and nothing actually sleeps this time.
 */
static DEFINE_MUTEX(free_mutex);

static void mutex_lock_inside_spin_lock_is_reported(struct ktest *t)
{
	spinlock_t lock;
	unsigned long before = might_sleep_report_count();

	spin_lock_init(&lock);
	spin_lock(&lock);
	mutex_lock(&free_mutex);
	mutex_unlock(&free_mutex);
	spin_unlock(&lock);
	KT_EXPECT_EQ(t, might_sleep_report_count(), before + 1);
	/* The same outside the spinlock is fine. */
	mutex_lock(&free_mutex);
	mutex_unlock(&free_mutex);
	KT_EXPECT_EQ(t, might_sleep_report_count(), before + 1);
}

/* ---- rw_semaphore ---- */

#define NR_READERS 4

struct shared_rw {
	struct rw_semaphore sem;
	volatile int a, b; /* writers keep a == b; readers check it */
	int inside, most_inside; /* readers inside at once; under sem (read) + atomics */
	unsigned long torn;
	struct completion done;
};

static int rw_reader_fn(void *arg)
{
	struct shared_rw *s = arg;

	for (int i = 0; i < 20; i++) {
		int now;

		down_read(&s->sem);
		now = __atomic_add_fetch(&s->inside, 1, __ATOMIC_RELAXED);
		if (now > READ_ONCE(s->most_inside))
			WRITE_ONCE(s->most_inside, now); /* a racy maximum is fine: a lower bound */
		if (s->a != s->b)
			s->torn++;
		msleep(1); /* sleep holding it: other readers must still get in */
		if (s->a != s->b)
			s->torn++;
		__atomic_sub_fetch(&s->inside, 1, __ATOMIC_RELAXED);
		up_read(&s->sem);
	}
	complete(&s->done);
	return 0;
}

static int rw_writer_fn(void *arg)
{
	struct shared_rw *s = arg;

	for (int i = 0; i < 50; i++) {
		down_write(&s->sem);
		s->a++;
		yield(); /* readers must not see a != b in between */
		s->b++;
		up_write(&s->sem);
	}
	complete(&s->done);
	return 0;
}

/* Readers share the lock (several inside at once); a writer excludes them all. */
static void rwsem_readers_share_and_writers_exclude(struct ktest *t)
{
	static struct shared_rw s;

	s = (struct shared_rw){};
	init_rwsem(&s.sem);
	init_completion(&s.done);
	for (int i = 0; i < NR_READERS; i++)
		KT_ASSERT_FALSE(t, IS_ERR(kthread_run(rw_reader_fn, &s, "reader/%d", i)));
	for (int i = 0; i < 2; i++)
		KT_ASSERT_FALSE(t, IS_ERR(kthread_run(rw_writer_fn, &s, "writer/%d", i)));
	for (int i = 0; i < NR_READERS + 2; i++)
		KT_ASSERT_GT(t, wait_for_completion_timeout(&s.done, WAIT_JIFFIES), 0);
	KT_EXPECT_EQ(t, s.torn, 0);
	KT_EXPECT_EQ(t, s.a, 100);
	KT_EXPECT_EQ(t, s.b, 100);
	KT_EXPECT_GT(t, s.most_inside, 1);
	KT_EXPECT_FALSE(t, rwsem_is_locked(&s.sem));
}

struct rw_waiting_writer {
	struct rw_semaphore *sem;
	struct completion got;
};

static int rw_blocked_writer_fn(void *arg)
{
	struct rw_waiting_writer *w = arg;

	down_write(w->sem);
	complete(&w->got);
	up_write(w->sem);
	return 0;
}

/* A reader arriving while a writer waits queues behind it: readers cannot starve writers. */
static void rwsem_waiting_writer_holds_off_new_readers(struct ktest *t)
{
	static struct rw_semaphore sem;
	static struct rw_waiting_writer w;
	struct task_struct *p;
	unsigned long deadline = jiffies + WAIT_JIFFIES;

	init_rwsem(&sem);
	w.sem = &sem;
	init_completion(&w.got);
	down_read(&sem);
	p = kthread_run(rw_blocked_writer_fn, &w, "rw-writer");
	KT_ASSERT_FALSE(t, IS_ERR(p));
	while (list_empty(&sem.wait_list) && time_after(deadline, jiffies))
		msleep(1);
	KT_EXPECT_FALSE(t, list_empty(&sem.wait_list)); /* the writer waits for us */
	KT_EXPECT_FALSE(t, down_read_trylock(&sem));	/* and a new reader waits for it */
	KT_EXPECT_FALSE(t, completion_done(&w.got));
	up_read(&sem);
	KT_EXPECT_GT(t, wait_for_completion_timeout(&w.got, WAIT_JIFFIES), 0);
	KT_EXPECT_TRUE(t, down_read_trylock(&sem));
	up_read(&sem);
}

static const struct ktest_case sync_cases[] = {
	KTEST_CASE(producer_and_consumer_share_a_bounded_buffer),
	KTEST_CASE(completion_wakes_a_thread_on_another_cpu),
	KTEST_CASE(complete_all_releases_every_waiter),
	KTEST_CASE(complete_is_consumed_once),
	KTEST_CASE(wait_for_completion_timeout_expires),
	KTEST_CASE(wait_event_timeout_expires),
	KTEST_CASE(mutex_keeps_a_shared_counter_exact),
	KTEST_CASE(mutex_recursive_locking_is_reported),
	KTEST_CASE(mutex_unlock_by_another_task_is_refused),
	KTEST_CASE(mutex_lock_inside_spin_lock_is_reported),
	KTEST_CASE(rwsem_readers_share_and_writers_exclude),
	KTEST_CASE(rwsem_waiting_writer_holds_off_new_readers),
	{},
};
KTEST_SUITE(sync, sync_cases);
