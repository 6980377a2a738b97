/* SPDX-License-Identifier: MIT */
/*
 * FPU state per task: two threads on one CPU fill the SSE registers with different values and
 * check them while the tick preempts them back and forth. If the switch lost or mixed up their
 * state, one of them would see the other's values.
 */
#include <asm/thread.h>

#include "kernel/ktest/ktest.h"
#include "kernel/sched/completion.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"
#include "kernel/time/timer.h"
#include "lib/string.h"

#define NR_XMM		 16
#define PREEMPTIONS_WANTED 5
#define RUN_LIMIT_NS	 (10 * NSEC_PER_SEC) /* a hang guard, not a target */

struct xmm_regs {
	u64 q[NR_XMM][2];
} __aligned(16);

/* The kernel is built without SSE: these are the only SSE instructions it runs. */
static void load_xmm(const struct xmm_regs *r)
{
	__asm__ __volatile__("movdqa 0x00(%0), %%xmm0\n\tmovdqa 0x10(%0), %%xmm1\n\t"
			     "movdqa 0x20(%0), %%xmm2\n\tmovdqa 0x30(%0), %%xmm3\n\t"
			     "movdqa 0x40(%0), %%xmm4\n\tmovdqa 0x50(%0), %%xmm5\n\t"
			     "movdqa 0x60(%0), %%xmm6\n\tmovdqa 0x70(%0), %%xmm7\n\t"
			     "movdqa 0x80(%0), %%xmm8\n\tmovdqa 0x90(%0), %%xmm9\n\t"
			     "movdqa 0xa0(%0), %%xmm10\n\tmovdqa 0xb0(%0), %%xmm11\n\t"
			     "movdqa 0xc0(%0), %%xmm12\n\tmovdqa 0xd0(%0), %%xmm13\n\t"
			     "movdqa 0xe0(%0), %%xmm14\n\tmovdqa 0xf0(%0), %%xmm15"
			     :
			     : "r"(r)
			     : "memory");
}

static void store_xmm(struct xmm_regs *r)
{
	__asm__ __volatile__("movdqa %%xmm0, 0x00(%0)\n\tmovdqa %%xmm1, 0x10(%0)\n\t"
			     "movdqa %%xmm2, 0x20(%0)\n\tmovdqa %%xmm3, 0x30(%0)\n\t"
			     "movdqa %%xmm4, 0x40(%0)\n\tmovdqa %%xmm5, 0x50(%0)\n\t"
			     "movdqa %%xmm6, 0x60(%0)\n\tmovdqa %%xmm7, 0x70(%0)\n\t"
			     "movdqa %%xmm8, 0x80(%0)\n\tmovdqa %%xmm9, 0x90(%0)\n\t"
			     "movdqa %%xmm10, 0xa0(%0)\n\tmovdqa %%xmm11, 0xb0(%0)\n\t"
			     "movdqa %%xmm12, 0xc0(%0)\n\tmovdqa %%xmm13, 0xd0(%0)\n\t"
			     "movdqa %%xmm14, 0xe0(%0)\n\tmovdqa %%xmm15, 0xf0(%0)"
			     :
			     : "r"(r)
			     : "memory");
}

struct sse_thread {
	u64 seed;
	unsigned long checks, mismatches, preempted;
	struct completion done;
};

static int sse_fn(void *arg)
{
	struct sse_thread *s = arg;
	struct xmm_regs want, got;
	unsigned long start_nivcsw = current->nivcsw;
	u64 deadline = ktime_get_ns() + RUN_LIMIT_NS;

	for (int i = 0; i < NR_XMM; i++) {
		want.q[i][0] = s->seed * 0x9e3779b97f4a7c15ull + (u64)i;
		want.q[i][1] = ~want.q[i][0];
	}
	load_xmm(&want); /* the first SSE instruction: #NM gives us FPU state */
	while (current->nivcsw - start_nivcsw < PREEMPTIONS_WANTED && ktime_get_ns() < deadline) {
		store_xmm(&got);
		s->checks++;
		if (memcmp(&got, &want, sizeof(got)) != 0) {
			s->mismatches++;
			load_xmm(&want); /* start over from known values */
		}
	}
	s->preempted = current->nivcsw - start_nivcsw;
	complete(&s->done);
	return 0;
}

static void sse_registers_survive_preemption(struct ktest *t)
{
	struct sse_thread s[2] = { { .seed = 1 }, { .seed = 2 } };
	unsigned long first_uses = fpu_first_use_count();

	for (int i = 0; i < 2; i++) {
		struct task_struct *p;

		init_completion(&s[i].done);
		p = kthread_create(sse_fn, &s[i], "sse/%d", i);
		KT_ASSERT_FALSE(t, IS_ERR(p));
		kthread_bind(p, 0); /* both on one CPU: they must take turns */
		wake_up_process(p);
	}
	for (int i = 0; i < 2; i++) {
		wait_for_completion(&s[i].done);
		KT_EXPECT_GT(t, s[i].checks, 0);
		KT_EXPECT_EQ(t, s[i].mismatches, 0);
		KT_EXPECT_GE(t, s[i].preempted, PREEMPTIONS_WANTED);
	}
	KT_EXPECT_EQ(t, fpu_first_use_count(), first_uses + 2); /* one trap per thread */
}

static int no_fpu_fn(void *arg)
{
	complete(arg);
	return 0;
}

/* A task that never touches the FPU never traps and never gets state loaded. */
static void task_without_fpu_use_does_not_trap(struct ktest *t)
{
	struct completion done;
	unsigned long first_uses = fpu_first_use_count();

	init_completion(&done);
	KT_ASSERT_FALSE(t, IS_ERR(kthread_run(no_fpu_fn, &done, "no-fpu")));
	wait_for_completion(&done);
	msleep(5);
	KT_EXPECT_EQ(t, fpu_first_use_count(), first_uses);
}

static const struct ktest_case fpu_cases[] = {
	KTEST_CASE(sse_registers_survive_preemption),
	KTEST_CASE(task_without_fpu_use_does_not_trap),
	{},
};
KTEST_SUITE(fpu, fpu_cases);
