/* SPDX-License-Identifier: MIT */
/*
 * Scheduler tests: preemption and fair shares, affinity, balancing, kernel thread life, sleeps.
 * Every wait is bounded (WAIT_MS) so that a broken scheduler fails a case instead of hanging
 * the run; none of the bounds is a performance target.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/rcu/rculist.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/smp/smp.h"
#include "kernel/time/time.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"

#define WAIT_MS	       10000 /* only a broken scheduler takes this long */
#define NR_HOGS	       8
#define HOG_RUN_MS     400
/* Each hog must get at least this fraction of its fair share of CPU time (1/4). */
#define FAIR_SHARE_DIV 4

struct hog {
	struct task_struct *task;
	unsigned long loops;
	unsigned long cpus_seen; /* bit n: ran on CPU n */
	volatile unsigned int last_cpu;
	unsigned long only_cpus; /* nonzero: the CPUs it may be seen on */
	bool strayed;		 /* seen on a CPU outside only_cpus */
};

/* Spin until stopped, never sleeping or yielding: only preemption can take the CPU away. */
static int hog_fn(void *arg)
{
	struct hog *h = arg;

	while (!kthread_should_stop()) {
		unsigned int cpu = smp_processor_id();

		h->loops++;
		h->cpus_seen |= 1ul << cpu;
		h->last_cpu = cpu;
		if (h->only_cpus && !(h->only_cpus & (1ul << cpu)))
			h->strayed = true;
		cpu_relax();
	}
	return 0;
}

static int count_cpus(unsigned long mask)
{
	int n = 0;

	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

static unsigned int nr_cpus_online(void)
{
	return num_online_cpus();
}

static void start_hogs(struct ktest *t, struct hog *hogs, int n)
{
	for (int i = 0; i < n; i++) {
		hogs[i].task = kthread_run(hog_fn, &hogs[i], "hog/%d", i);
		KT_ASSERT_FALSE(t, IS_ERR(hogs[i].task));
	}
}

static void stop_hogs(struct hog *hogs, int n)
{
	for (int i = 0; i < n; i++)
		if (hogs[i].task && !IS_ERR(hogs[i].task))
			kthread_stop(hogs[i].task);
}

/*
 * 8 CPU-bound threads share the CPUs: the tick preempts each after its time slice, so every
 * one runs, and gets at least a quarter of an equal share of the CPU time.
 */
static void cpu_bound_threads_all_make_progress(struct ktest *t)
{
	struct hog hogs[NR_HOGS] = {};
	unsigned int cpus = nr_cpus_online();
	u64 start, elapsed, fair;

	start = ktime_get_ns();
	start_hogs(t, hogs, NR_HOGS);
	msleep(HOG_RUN_MS);
	/*
	 * The share is judged over the time all of them ran together: stopping them one by one
	 * afterwards can take long on a loaded host, and only adds to their run times.
	 */
	elapsed = ktime_get_ns() - start;
	for (int i = 0; i < NR_HOGS; i++)
		get_task_struct(hogs[i].task); /* read their statistics after they stop */
	stop_hogs(hogs, NR_HOGS);
	fair = elapsed * (cpus < NR_HOGS ? cpus : NR_HOGS) / NR_HOGS;
	for (int i = 0; i < NR_HOGS; i++) {
		struct task_struct *p = hogs[i].task;

		KT_EXPECT_GT(t, hogs[i].loops, 0);
		KT_EXPECT_GE(t, p->sum_exec_runtime, fair / FAIR_SHARE_DIV);
		KT_EXPECT_GT(t, p->nivcsw, 0); /* it was preempted, it did not give up the CPU */
		put_task_struct(p);
	}
}

/* A thread bound with kthread_bind() only ever runs on that CPU. */
static void bound_thread_stays_on_its_cpu(struct ktest *t)
{
	unsigned int cpu = nr_cpus_online() - 1;
	struct hog h = { .only_cpus = 1ul << cpu };

	h.task = kthread_create(hog_fn, &h, "bound/%u", cpu);
	KT_ASSERT_FALSE(t, IS_ERR(h.task));
	kthread_bind(h.task, cpu);
	wake_up_process(h.task);
	msleep(50);
	KT_EXPECT_EQ(t, set_cpus_allowed(h.task, ~0ul), -EINVAL); /* bound for good */
	kthread_stop(h.task);
	KT_EXPECT_GT(t, h.loops, 0);
	KT_EXPECT_EQ(t, h.cpus_seen, 1ul << cpu);
	KT_EXPECT_FALSE(t, h.strayed);
}

/* Narrowing a running thread's affinity moves it, and it never comes back. */
static void running_thread_moves_when_its_cpu_is_disallowed(struct ktest *t)
{
	struct hog h = {};
	unsigned int from, to;
	u64 deadline;

	if (nr_cpus_online() < 2)
		KT_SKIP(t, "needs a second CPU");
	from = 1;
	to = 2 % nr_cpus_online();
	h.task = kthread_create(hog_fn, &h, "mover");
	KT_ASSERT_FALSE(t, IS_ERR(h.task));
	KT_ASSERT_EQ(t, set_cpus_allowed(h.task, cpumask_of(from)), 0);
	wake_up_process(h.task);
	deadline = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;
	while (!h.loops && ktime_get_ns() < deadline)
		msleep(1);
	KT_EXPECT_EQ(t, h.cpus_seen, 1ul << from);
	KT_EXPECT_EQ(t, set_cpus_allowed(h.task, cpumask_of(to)), 0);
	while (h.last_cpu != to && ktime_get_ns() < deadline)
		msleep(1);
	h.cpus_seen = 0;
	h.only_cpus = cpumask_of(to);
	msleep(30);
	kthread_stop(h.task);
	KT_EXPECT_EQ(t, h.last_cpu, to);
	KT_EXPECT_FALSE(t, h.strayed);
	KT_EXPECT_EQ(t, h.cpus_seen, 1ul << to);
}

/* An empty mask, or one with no online CPU, is refused. */
static void affinity_without_an_online_cpu_is_refused(struct ktest *t)
{
	KT_EXPECT_EQ(t, set_cpus_allowed(current, 0), -EINVAL);
	KT_EXPECT_EQ(t, set_cpus_allowed(current, 1ul << (NR_CPUS - 1)), -EINVAL);
	KT_EXPECT_EQ(t, current->cpus_allowed, cpumask_of(0)); /* the runner's, unchanged */
}

/*
 * Threads queued on one CPU while the others idle get taken by the idle CPUs: each hog is
 * started on CPU 1 only, then allowed everywhere without being moved, so only pulling can
 * spread them.
 */
static void idle_cpus_pull_waiting_threads(struct ktest *t)
{
	unsigned int cpus = nr_cpus_online();
	struct hog hogs[NR_CPUS] = {};
	struct sched_stats before, after;
	unsigned long where;
	u64 deadline;

	if (cpus < 3)
		KT_SKIP(t, "needs three CPUs");
	sched_get_stats(&before);
	for (unsigned int i = 0; i < cpus; i++) {
		hogs[i].task = kthread_create(hog_fn, &hogs[i], "pulled/%u", i);
		KT_ASSERT_FALSE(t, IS_ERR(hogs[i].task));
		set_cpus_allowed(hogs[i].task, cpumask_of(1));
		wake_up_process(hogs[i].task);
	}
	for (unsigned int i = 0; i < cpus; i++)
		set_cpus_allowed(hogs[i].task, ~0ul); /* CPU 1 stays allowed: nothing is moved */
	deadline = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;
	do {
		msleep(5);
		where = 0;
		for (unsigned int i = 0; i < cpus; i++)
			where |= 1ul << hogs[i].last_cpu;
	} while (count_cpus(where) < 3 && ktime_get_ns() < deadline);
	stop_hogs(hogs, (int)cpus);
	sched_get_stats(&after);
	KT_EXPECT_GE(t, count_cpus(where), 3);
	KT_EXPECT_GT(t, after.nr_pulled, before.nr_pulled);
}

static DECLARE_WAIT_QUEUE_HEAD(sleeper_wq);

static int sleeper_fn(void *arg)
{
	wait_event(sleeper_wq, kthread_should_stop());
	return 42;
}

/* kthread_stop() wakes a thread sleeping on a wait queue, waits for it, returns its result. */
static void kthread_stop_wakes_a_sleeping_thread(struct ktest *t)
{
	struct task_struct *p = kthread_run(sleeper_fn, NULL, "sleeper");
	u64 deadline = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;

	KT_ASSERT_FALSE(t, IS_ERR(p));
	get_task_struct(p);
	while (!(task_state(p) == TASK_UNINTERRUPTIBLE && !READ_ONCE(p->on_rq)) &&
	       ktime_get_ns() < deadline)
		msleep(1);
	KT_EXPECT_EQ(t, task_state(p), TASK_UNINTERRUPTIBLE); /* asleep, off the run queues */
	KT_EXPECT_EQ(t, kthread_stop(p), 42);
	KT_EXPECT_TRUE(t, p->flags & PF_EXITING);
	put_task_struct(p);
}

static int never_runs_fn(void *arg)
{
	*(bool *)arg = true;
	return 0;
}

/* A thread stopped before it was ever woken never runs its function. */
static void kthread_stopped_before_start_never_runs(struct ktest *t)
{
	bool ran = false;
	struct task_struct *p = kthread_create(never_runs_fn, &ran, "unstarted");

	KT_ASSERT_FALSE(t, IS_ERR(p));
	KT_EXPECT_EQ(t, kthread_stop(p), -EINTR);
	KT_EXPECT_FALSE(t, ran);
}

static int exit_fn(void *arg)
{
	return 7;
}

/*
 * After a thread exits, only the references others took keep its task_struct; its own is
 * dropped a grace period after its death (by an RCU callback).
 */
static void exited_thread_keeps_only_borrowed_references(struct ktest *t)
{
	struct task_struct *p = kthread_create(exit_fn, NULL, "exits");
	u64 deadline = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;
	struct rcu_stats before, after;

	KT_ASSERT_FALSE(t, IS_ERR(p));
	get_task_struct(p);
	KT_EXPECT_EQ(t, refcount_read(&p->usage), 2); /* its own, and ours */
	rcu_get_stats(&before);
	wake_up_process(p);
	while (refcount_read(&p->usage) > 1 && ktime_get_ns() < deadline)
		msleep(1);
	rcu_get_stats(&after);
	KT_EXPECT_GT(t, after.gp_completed, before.gp_completed);
	KT_EXPECT_EQ(t, task_state(p), TASK_DEAD);
	KT_EXPECT_EQ(t, p->exit_code, 7);
	KT_EXPECT_EQ(t, refcount_read(&p->usage), 1); /* the final switch dropped its own */
	put_task_struct(p);
}

/* msleep() sleeps (the task leaves the CPU) for at least the time asked. */
static void msleep_sleeps_at_least_that_long(struct ktest *t)
{
	unsigned long switches = current->nvcsw;
	u64 start = ktime_get_ns();

	msleep(20);
	KT_EXPECT_GE(t, ktime_get_ns() - start, 20 * NSEC_PER_MSEC);
	KT_EXPECT_GT(t, current->nvcsw, switches);
}

static int waker_fn(void *arg)
{
	msleep(5);
	wake_up_process(arg);
	return 0;
}

/* schedule_timeout() returns early, with time left, when someone wakes the sleeper. */
static void schedule_timeout_returns_early_when_woken(struct ktest *t)
{
	struct task_struct *w = kthread_run(waker_fn, current, "waker");
	long left;

	KT_ASSERT_FALSE(t, IS_ERR(w));
	left = schedule_timeout_uninterruptible(WAIT_MS * HZ / 1000);
	KT_EXPECT_GT(t, left, 0);
	KT_EXPECT_EQ(t, task_state(current), TASK_RUNNING);
}

/* With nothing else to run, yield() returns at once, and the task is still runnable. */
static void yield_with_nothing_else_to_run_returns(struct ktest *t)
{
	yield();
	cond_resched();
	KT_EXPECT_EQ(t, task_state(current), TASK_RUNNING);
	KT_EXPECT_EQ(t, preempt_count(), 0);
}

/* Every online CPU has an idle task, and the runner is a normal task (not idle, not pid 0). */
static void every_cpu_has_an_idle_task(struct ktest *t)
{
	struct task_struct *p;
	unsigned long idle_cpus = 0;

	rcu_read_lock(); /* the task list is RCU-readable */
	list_for_each_entry_rcu (p, &task_list, tasks)
		if (p->flags & PF_IDLE)
			idle_cpus |= 1ul << p->cpu;
	rcu_read_unlock();
	KT_EXPECT_EQ(t, idle_cpus, cpu_online_mask);
	KT_EXPECT_FALSE(t, current->flags & PF_IDLE);
	KT_EXPECT_GT(t, current->pid, 0);
}

static const struct ktest_case sched_cases[] = {
	KTEST_CASE(cpu_bound_threads_all_make_progress),
	KTEST_CASE(bound_thread_stays_on_its_cpu),
	KTEST_CASE(running_thread_moves_when_its_cpu_is_disallowed),
	KTEST_CASE(affinity_without_an_online_cpu_is_refused),
	KTEST_CASE(idle_cpus_pull_waiting_threads),
	KTEST_CASE(kthread_stop_wakes_a_sleeping_thread),
	KTEST_CASE(kthread_stopped_before_start_never_runs),
	KTEST_CASE(exited_thread_keeps_only_borrowed_references),
	KTEST_CASE(msleep_sleeps_at_least_that_long),
	KTEST_CASE(schedule_timeout_returns_early_when_woken),
	KTEST_CASE(yield_with_nothing_else_to_run_returns),
	KTEST_CASE(every_cpu_has_an_idle_task),
	{},
};
KTEST_SUITE(sched, sched_cases);
