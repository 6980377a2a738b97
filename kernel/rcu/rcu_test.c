/* SPDX-License-Identifier: MIT */
/*
 * RCU tests: a small torture test, the grace-period guarantee in both directions, where
 * callbacks run, rcu_barrier(), batching, and the validator's view of sleeping in a reader.
 * Every wait is bounded: a grace period that never ends fails a case instead of hanging.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/rcu/rcu.h"
#include "kernel/rcu/rculist.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/mutex.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"
#include "kernel/time/timer.h"

#define WAIT_MS		(10 * 1000) /* only a stuck grace period takes this long */
#define TORTURE_SLOTS	16
#define TORTURE_UPDATES 3000
#define TORTURE_SEED	0x2545f4914f6cdd1dull
#define ELEM_ALIVE	0xa11ea11ea11ea11eull
#define ELEM_DEAD	0xdeaddeaddeaddeadull

static bool wait_until(bool (*cond)(void *), void *arg)
{
	u64 deadline = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;

	while (!cond(arg)) {
		if (ktime_get_ns() > deadline)
			return false;
		msleep(1);
	}
	return true;
}

/* ---- torture ---- */

struct elem {
	u64 magic; /* ELEM_ALIVE until its grace period has passed */
	u64 value;
	struct rcu_head rcu;
};

struct torture {
	struct elem *slots[TORTURE_SLOTS]; /* RCU-protected; written by the updater only */
	unsigned long reads[NR_CPUS], bad_reads[NR_CPUS];
	unsigned long updates;
	struct completion updater_done;
};

static struct torture tort;
static unsigned long freed_elems;

static u64 xorshift(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

static void free_elem(struct rcu_head *head)
{
	struct elem *e = container_of(head, struct elem, rcu);

	e->magic = ELEM_DEAD; /* poisoned even without slab debugging */
	kfree(e);
	__atomic_add_fetch(&freed_elems, 1, __ATOMIC_RELAXED);
}

/* Read a slot twice inside one reader, lingering in between: the element must stay alive. */
static int torture_reader(void *arg)
{
	unsigned int cpu = (unsigned int)(unsigned long)arg;
	u64 rng = TORTURE_SEED + cpu;

	while (!kthread_should_stop()) {
		struct elem *e;

		rcu_read_lock();
		e = rcu_dereference(tort.slots[xorshift(&rng) % TORTURE_SLOTS]);
		if (e->magic != ELEM_ALIVE)
			tort.bad_reads[cpu]++;
		for (int i = 0; i < 50; i++)
			cpu_relax();
		if (e->magic != ELEM_ALIVE)
			tort.bad_reads[cpu]++;
		rcu_read_unlock();
		tort.reads[cpu]++;
		if (tort.reads[cpu] % 64 == 0)
			cond_resched();
	}
	return 0;
}

static struct elem *new_elem(u64 value)
{
	struct elem *e = kmalloc(sizeof(*e), GFP_KERNEL);

	if (e) {
		e->magic = ELEM_ALIVE;
		e->value = value;
	}
	return e;
}

static int torture_updater(void *arg)
{
	u64 rng = TORTURE_SEED;

	for (unsigned long i = 0; i < TORTURE_UPDATES; i++) {
		unsigned int slot = xorshift(&rng) % TORTURE_SLOTS;
		struct elem *old = tort.slots[slot], *e = new_elem(i);

		if (!e)
			break;
		rcu_assign_pointer(tort.slots[slot], e);
		call_rcu(&old->rcu, free_elem);
		tort.updates++;
		if (i % 16 == 0)
			msleep(1); /* let grace periods pass while readers run */
	}
	complete(&tort.updater_done);
	return 0;
}

/*
 * Readers on every CPU dereference elements while an updater replaces them and frees the old
 * ones with call_rcu(). A freed element is marked dead: a reader that ever sees one has
 * outlived its grace period.
 */
static void torture_readers_never_see_freed_elements(struct ktest *t)
{
	struct task_struct *readers[NR_CPUS] = {};
	unsigned long reads = 0, bad = 0, freed_before = freed_elems;
	unsigned int cpu;

	tort = (struct torture){};
	init_completion(&tort.updater_done);
	for (int i = 0; i < TORTURE_SLOTS; i++) {
		tort.slots[i] = new_elem(0);
		KT_ASSERT_NOT_NULL(t, tort.slots[i]);
	}
	for_each_online_cpu (cpu) {
		readers[cpu] = kthread_create(torture_reader, (void *)(unsigned long)cpu,
					      "rcu-reader/%u", cpu);
		KT_ASSERT_FALSE(t, IS_ERR(readers[cpu]));
		kthread_bind(readers[cpu], cpu);
		wake_up_process(readers[cpu]);
	}
	KT_ASSERT_FALSE(t, IS_ERR(kthread_run(torture_updater, NULL, "rcu-updater")));
	KT_EXPECT_GT(t, wait_for_completion_timeout(&tort.updater_done, WAIT_MS * HZ / 1000), 0);
	for_each_online_cpu (cpu) {
		kthread_stop(readers[cpu]);
		reads += tort.reads[cpu];
		bad += tort.bad_reads[cpu];
	}
	for (int i = 0; i < TORTURE_SLOTS; i++)
		call_rcu(&tort.slots[i]->rcu, free_elem);
	rcu_barrier();
	KT_EXPECT_EQ(t, tort.updates, TORTURE_UPDATES);
	KT_EXPECT_GT(t, reads, 0);
	KT_EXPECT_EQ(t, bad, 0);
	KT_EXPECT_EQ(t, freed_elems - freed_before, TORTURE_UPDATES + TORTURE_SLOTS);
}

/* ---- the grace-period guarantee ---- */

static bool gp_done(void *cookie)
{
	return poll_state_synchronize_rcu((unsigned long)cookie);
}

/* A grace period cannot end while a reader that started before it is still running. */
static void grace_period_waits_for_an_older_reader(struct ktest *t)
{
	unsigned long cookie;

	rcu_read_lock();
	cookie = start_poll_synchronize_rcu();
	mdelay(30); /* ticks and softirqs run meanwhile, but this CPU stays in its reader */
	KT_EXPECT_FALSE(t, poll_state_synchronize_rcu(cookie));
	rcu_read_unlock();
	KT_EXPECT_TRUE(t, wait_until(gp_done, (void *)cookie));
}

struct late_reader {
	struct completion go, inside;
	volatile bool leave;
};

static int late_reader_fn(void *arg)
{
	struct late_reader *r = arg;
	u64 deadline;

	wait_for_completion(&r->go);
	rcu_read_lock();
	complete(&r->inside);
	deadline = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;
	while (!READ_ONCE(r->leave) && ktime_get_ns() < deadline)
		cpu_relax();
	rcu_read_unlock();
	return 0;
}

struct expedite_ctx {
	struct late_reader *r;
	bool returned_early; /* synchronize_rcu_expedited() came back while the reader was in */
	struct completion done;
};

static int expediter_fn(void *arg)
{
	struct expedite_ctx *e = arg;

	synchronize_rcu_expedited();
	e->returned_early = !READ_ONCE(e->r->leave);
	complete(&e->done);
	return 0;
}

/* Run synchronize_rcu_expedited() in a thread; let the reader go only after a while. */
static void expedite_and_release(struct late_reader *r, struct ktest *t)
{
	static struct expedite_ctx e;

	e.r = r;
	e.returned_early = false;
	init_completion(&e.done);
	KT_ASSERT_FALSE(t, IS_ERR(kthread_run(expediter_fn, &e, "expediter")));
	msleep(20); /* many expedited rounds of IPIs: none may end the grace period */
	KT_EXPECT_FALSE(t, completion_done(&e.done));
	WRITE_ONCE(r->leave, true);
	KT_EXPECT_GT(t, wait_for_completion_timeout(&e.done, WAIT_MS * HZ / 1000), 0);
	KT_EXPECT_FALSE(t, e.returned_early);
}

struct gp_cpu {
	unsigned long cookie;
	unsigned int cpu;
};

/* The grace period has started and `cpu` has already reported its quiescent state. */
static bool gp_started_and_cpu_reported(void *arg)
{
	struct gp_cpu *g = arg;
	struct rcu_stats st;

	rcu_get_stats(&st);
	return (long)(st.gp_seq - g->cookie) >= 0 &&
	       (!(st.qsmask & (1ul << g->cpu)) || st.gp_completed >= g->cookie);
}

/*
 * A reader that starts after a grace period began (on a CPU that has already reported for
 * it) does not hold that grace period up.
 */
static void grace_period_does_not_wait_for_a_newer_reader(struct ktest *t)
{
	static struct late_reader r;
	struct gp_cpu g = { .cpu = num_online_cpus() - 1 };
	struct task_struct *p;

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU for the reader");
	init_completion(&r.go);
	init_completion(&r.inside);
	r.leave = false;
	p = kthread_create(late_reader_fn, &r, "late-reader");
	KT_ASSERT_FALSE(t, IS_ERR(p));
	get_task_struct(p); /* it returns on its own once released: keep it for kthread_stop */
	kthread_bind(p, g.cpu);
	wake_up_process(p);
	g.cookie = start_poll_synchronize_rcu();
	KT_ASSERT_TRUE(t, wait_until(gp_started_and_cpu_reported, &g));
	complete(&r.go);
	KT_ASSERT_GT(t, wait_for_completion_timeout(&r.inside, WAIT_MS * HZ / 1000), 0);
	KT_EXPECT_TRUE(t, wait_until(gp_done, (void *)g.cookie));
	WRITE_ONCE(r.leave, true);
	kthread_stop(p);
	put_task_struct(p);
}

/* The expedited variant waits for an older reader too, and completes a grace period. */
static void expedited_grace_period_waits_for_an_older_reader(struct ktest *t)
{
	static struct late_reader r;
	struct task_struct *p;
	struct rcu_stats before, after;
	unsigned int cpu = num_online_cpus() - 1;

	if (num_online_cpus() < 2)
		KT_SKIP(t, "needs a second CPU for the reader");
	init_completion(&r.go);
	init_completion(&r.inside);
	r.leave = false;
	p = kthread_create(late_reader_fn, &r, "old-reader");
	KT_ASSERT_FALSE(t, IS_ERR(p));
	get_task_struct(p); /* it returns on its own once released: keep it for kthread_stop */
	kthread_bind(p, cpu);
	wake_up_process(p);
	complete(&r.go);
	KT_ASSERT_GT(t, wait_for_completion_timeout(&r.inside, WAIT_MS * HZ / 1000), 0);
	rcu_get_stats(&before);
	expedite_and_release(&r, t);
	rcu_get_stats(&after);
	KT_EXPECT_GT(t, after.gp_completed, before.gp_completed);
	kthread_stop(p);
	put_task_struct(p);
}

/* synchronize_rcu() returns, on an idle system, and a grace period was completed for it. */
static void synchronize_rcu_completes_a_grace_period(struct ktest *t)
{
	struct rcu_stats before, after;

	rcu_get_stats(&before);
	synchronize_rcu();
	rcu_get_stats(&after);
	KT_EXPECT_GT(t, after.gp_completed, before.gp_completed);
}

/* ---- callbacks ---- */

struct cb_probe {
	struct rcu_head head;
	bool in_softirq, in_task, in_hardirq;
	unsigned int cpu;
	struct completion done;
};

static void probe_callback(struct rcu_head *head)
{
	struct cb_probe *p = container_of(head, struct cb_probe, head);

	p->in_softirq = in_serving_softirq();
	p->in_task = in_task();
	p->in_hardirq = in_hardirq();
	p->cpu = smp_processor_id();
	complete(&p->done);
}

/* A callback runs in softirq context, on the CPU that queued it. */
static void callback_runs_in_softirq_on_the_queuing_cpu(struct ktest *t)
{
	struct cb_probe p = { .cpu = ~0u };

	init_completion(&p.done);
	call_rcu(&p.head, probe_callback); /* the runner is bound to CPU 0 */
	KT_ASSERT_GT(t, wait_for_completion_timeout(&p.done, WAIT_MS * HZ / 1000), 0);
	KT_EXPECT_TRUE(t, p.in_softirq);
	KT_EXPECT_FALSE(t, p.in_task);
	KT_EXPECT_FALSE(t, p.in_hardirq);
	KT_EXPECT_EQ(t, p.cpu, smp_processor_id());
}

#define BARRIER_CBS_PER_CPU 50

static unsigned long barrier_runs;
static struct rcu_head barrier_heads[NR_CPUS][BARRIER_CBS_PER_CPU];

static void count_callback(struct rcu_head *head)
{
	__atomic_add_fetch(&barrier_runs, 1, __ATOMIC_RELAXED);
}

static void queue_many(void *unused)
{
	for (int i = 0; i < BARRIER_CBS_PER_CPU; i++)
		call_rcu(&barrier_heads[smp_processor_id()][i], count_callback);
}

/* rcu_barrier() returns only after every callback queued before it, on every CPU, has run. */
static void rcu_barrier_waits_for_every_cpus_callbacks(struct ktest *t)
{
	barrier_runs = 0;
	on_each_cpu(queue_many, NULL, true);
	rcu_barrier();
	KT_EXPECT_EQ(t, READ_ONCE(barrier_runs), num_online_cpus() * BARRIER_CBS_PER_CPU);
}

#define FLOOD_CBS 5000

static void flood_callback(struct rcu_head *head)
{
	kfree(head);
}

/* A flood of callbacks is invoked in batches, so that one softirq pass cannot hog the CPU. */
static void callback_flood_is_invoked_in_batches(struct ktest *t)
{
	struct rcu_stats before, after;
	int queued = 0;

	rcu_get_stats(&before);
	for (int i = 0; i < FLOOD_CBS; i++) {
		struct rcu_head *h = kmalloc(sizeof(*h), GFP_KERNEL);

		if (!h)
			break;
		call_rcu(h, flood_callback);
		queued++;
	}
	rcu_barrier();
	rcu_get_stats(&after);
	KT_EXPECT_EQ(t, queued, FLOOD_CBS);
	KT_EXPECT_GE(t, after.cbs_invoked - before.cbs_invoked, FLOOD_CBS);
	KT_EXPECT_LE(t, after.max_batch, RCU_BATCH_LIMIT);
}

/* ---- readers ---- */

static DEFINE_MUTEX(free_mutex);

/* Sleeping inside a reader is reported (here: taking a free mutex, which might sleep). */
static void sleeping_in_a_reader_is_reported(struct ktest *t)
{
	unsigned long before = might_sleep_report_count();

	rcu_read_lock();
	mutex_lock(&free_mutex);
	mutex_unlock(&free_mutex);
	rcu_read_unlock();
	KT_EXPECT_EQ(t, might_sleep_report_count(), before + 1);
}

/* Readers nest; only the outermost unlock leaves the critical section. */
static void readers_nest(struct ktest *t)
{
	int count = preempt_count();

	KT_EXPECT_FALSE(t, rcu_read_lock_held());
	rcu_read_lock();
	rcu_read_lock();
	KT_EXPECT_EQ(t, rcu_read_lock_nesting(), 2);
	rcu_read_unlock();
	KT_EXPECT_TRUE(t, rcu_read_lock_held());
	rcu_read_unlock();
	KT_EXPECT_FALSE(t, rcu_read_lock_held());
	KT_EXPECT_EQ(t, preempt_count(), count);
}

struct node {
	int key;
	struct list_head link;
	struct rcu_head rcu;
};

static void free_node(struct rcu_head *head)
{
	kfree(container_of(head, struct node, rcu));
}

/* The RCU list helpers: a reader walks the list while entries are added and removed. */
static void rcu_list_add_del_and_walk(struct ktest *t)
{
	LIST_HEAD(list);
	struct node *n, *victim = NULL;
	int sum = 0;

	for (int i = 1; i <= 4; i++) {
		n = kmalloc(sizeof(*n), GFP_KERNEL);
		KT_ASSERT_NOT_NULL(t, n);
		n->key = i;
		list_add_tail_rcu(&n->link, &list);
		if (i == 2)
			victim = n;
	}
	rcu_read_lock();
	list_for_each_entry_rcu (n, &list, link) {
		if (n == victim)
			list_del_rcu(&victim->link); /* removed under our feet: the walk goes on */
		sum += n->key;
	}
	rcu_read_unlock();
	call_rcu(&victim->rcu, free_node);
	KT_EXPECT_EQ(t, sum, 1 + 2 + 3 + 4);
	sum = 0;
	rcu_read_lock();
	list_for_each_entry_rcu (n, &list, link)
		sum += n->key;
	rcu_read_unlock();
	KT_EXPECT_EQ(t, sum, 1 + 3 + 4);
	while (!list_empty(&list)) {
		n = list_first_entry(&list, struct node, link);
		list_del_rcu(&n->link);
		call_rcu(&n->rcu, free_node);
	}
	rcu_barrier();
}

static const struct ktest_case rcu_cases[] = {
	KTEST_CASE(torture_readers_never_see_freed_elements),
	KTEST_CASE(grace_period_waits_for_an_older_reader),
	KTEST_CASE(grace_period_does_not_wait_for_a_newer_reader),
	KTEST_CASE(synchronize_rcu_completes_a_grace_period),
	KTEST_CASE(expedited_grace_period_waits_for_an_older_reader),
	KTEST_CASE(callback_runs_in_softirq_on_the_queuing_cpu),
	KTEST_CASE(rcu_barrier_waits_for_every_cpus_callbacks),
	KTEST_CASE(callback_flood_is_invoked_in_batches),
	KTEST_CASE(sleeping_in_a_reader_is_reported),
	KTEST_CASE(readers_nest),
	KTEST_CASE(rcu_list_add_del_and_walk),
	{},
};
KTEST_SUITE(rcu, rcu_cases);
