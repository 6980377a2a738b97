/* SPDX-License-Identifier: MIT */
/*
 * Scheduler benchmarks: the cost of a wake-up and switch, measured as a ping-pong between two
 * threads on one CPU (each round trip is two wake-ups and two context switches).
 */
#include "kernel/bench/bench.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"

#define PINGPONG_ROUNDS 2000

struct pingpong {
	struct completion ping, pong;
};

static int pong_fn(void *arg)
{
	struct pingpong *pp = arg;

	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		wait_for_completion(&pp->ping);
		complete(&pp->pong);
	}
	return 0;
}

static void wakeup_roundtrip(void)
{
	static struct pingpong pp;
	struct task_struct *p;
	u64 start;

	init_completion(&pp.ping);
	init_completion(&pp.pong);
	p = kthread_create(pong_fn, &pp, "pong");
	if (IS_ERR(p))
		return;
	kthread_bind(p, 0); /* the runner's CPU: every round trip is two switches */
	wake_up_process(p);
	start = ktime_get_ns();
	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		complete(&pp.ping);
		wait_for_completion(&pp.pong);
	}
	bench_report("sched.wakeup_roundtrip", (ktime_get_ns() - start) / PINGPONG_ROUNDS, "ns");
}
KBENCH(sched, wakeup_roundtrip);
