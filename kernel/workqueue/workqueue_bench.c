/* SPDX-License-Identifier: MIT */
/*
 * Workqueue benchmarks: how long an item waits between queue_work() and the start of its
 * function, one item at a time (the queuer sleeps until it has run, so every item finds its
 * kworker asleep and pays for the wake-up), on the per-CPU and the unbound system workqueues;
 * and the cost per item of a burst that keeps the kworker busy.
 */
#include "kernel/bench/bench.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"
#include "kernel/workqueue/workqueue.h"

#define LATENCY_ROUNDS 1000
#define BURST_ITEMS    1000

struct timed_work {
	struct work_struct work;
	u64 started; /* ktime when the function began */
	struct completion done;
};

static void timed_fn(struct work_struct *work)
{
	struct timed_work *tw = container_of(work, struct timed_work, work);

	tw->started = ktime_get_ns();
	complete(&tw->done);
}

/*
 * Queue one item at a time from this CPU and report the average and worst wait. Per-CPU
 * clocks: on the unbound workqueue the item may start on another CPU, so a negative
 * difference counts as 0.
 */
static void measure_latency(struct workqueue_struct *wq, const char *avg_name, const char *max_name)
{
	static struct timed_work tw;
	u64 sum = 0, worst = 0;

	INIT_WORK(&tw.work, timed_fn);
	init_completion(&tw.done);
	for (int i = 0; i < LATENCY_ROUNDS; i++) {
		u64 queued = ktime_get_ns(), wait;

		queue_work(wq, &tw.work);
		wait_for_completion(&tw.done);
		wait = tw.started > queued ? tw.started - queued : 0;
		sum += wait;
		worst = max(worst, wait);
	}
	flush_work(&tw.work);
	bench_report(avg_name, sum / LATENCY_ROUNDS, "ns");
	bench_report(max_name, worst, "ns");
}

static void queue_latency(void)
{
	measure_latency(system_wq, "wq.percpu_latency_avg", "wq.percpu_latency_max");
	measure_latency(system_unbound_wq, "wq.unbound_latency_avg", "wq.unbound_latency_max");
}
KBENCH(wq, queue_latency);

static void nop_fn(struct work_struct *work)
{
}

/*
 * Queue BURST_ITEMS items at once on this CPU's kworker and wait for all: ns per item. The
 * kworker wakes once and then finds the next item already queued every time.
 */
static void burst_per_item(void)
{
	static struct work_struct items[BURST_ITEMS];
	u64 start;

	for (int i = 0; i < BURST_ITEMS; i++)
		INIT_WORK(&items[i], nop_fn);
	start = ktime_get_ns();
	for (int i = 0; i < BURST_ITEMS; i++)
		queue_work(system_wq, &items[i]);
	flush_work(&items[BURST_ITEMS - 1]); /* one kworker, first in first out: the last is last */
	bench_report("wq.percpu_burst_per_item", (ktime_get_ns() - start) / BURST_ITEMS, "ns");
}
KBENCH(wq, burst_per_item);
