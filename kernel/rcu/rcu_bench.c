/* SPDX-License-Identifier: MIT */
/*
 * RCU benchmarks: how long synchronize_rcu() takes on an otherwise idle system, and how many
 * callbacks per second call_rcu() can push through grace periods and invocation.
 */
#include "kernel/bench/bench.h"
#include "kernel/mm/slab.h"
#include "kernel/rcu/rcu.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"

#define SYNC_ROUNDS	 50
#define THROUGHPUT_CBS	 100000
#define THROUGHPUT_BATCH 1000 /* queued between short sleeps, as a busy updater would */

static void synchronize_latency(void)
{
	u64 total = 0, worst = 0;

	for (int i = 0; i < SYNC_ROUNDS; i++) {
		u64 start = ktime_get_ns(), took;

		synchronize_rcu();
		took = ktime_get_ns() - start;
		total += took;
		if (took > worst)
			worst = took;
	}
	bench_report("rcu.synchronize_rcu_avg", total / SYNC_ROUNDS / NSEC_PER_USEC, "us");
	bench_report("rcu.synchronize_rcu_max", worst / NSEC_PER_USEC, "us");
}
KBENCH(rcu, synchronize_latency);

static struct rcu_head *heads;
static unsigned long invoked;

static void count_cb(struct rcu_head *head)
{
	invoked++; /* callbacks of one CPU run one at a time */
}

static void call_rcu_throughput(void)
{
	struct rcu_stats st;
	u64 start, took;

	heads = kmalloc(THROUGHPUT_CBS * sizeof(*heads), GFP_KERNEL);
	if (!heads)
		return;
	invoked = 0;
	start = ktime_get_ns();
	for (int i = 0; i < THROUGHPUT_CBS; i++) {
		call_rcu(&heads[i], count_cb);
		if (i % THROUGHPUT_BATCH == THROUGHPUT_BATCH - 1)
			cond_resched();
	}
	rcu_barrier();
	took = ktime_get_ns() - start;
	kfree(heads);
	rcu_get_stats(&st);
	bench_report("rcu.call_rcu_throughput", invoked * NSEC_PER_SEC / (took ? took : 1),
		     "callbacks/s");
	bench_report("rcu.longest_grace_period", st.longest_gp_ns / NSEC_PER_USEC, "us");
}
KBENCH(rcu, call_rcu_throughput);

static void synchronize_expedited_latency(void)
{
	u64 total = 0;

	for (int i = 0; i < SYNC_ROUNDS; i++) {
		u64 start = ktime_get_ns();

		synchronize_rcu_expedited();
		total += ktime_get_ns() - start;
	}
	bench_report("rcu.synchronize_rcu_expedited_avg", total / SYNC_ROUNDS / NSEC_PER_USEC, "us");
}
KBENCH(rcu, synchronize_expedited_latency);
