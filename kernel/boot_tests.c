/* SPDX-License-Identifier: MIT */
#include "kernel/boot_tests.h"

#include <asm/cpu.h>
#include <asm/layout.h>

#include "kernel/cmdline.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/kthread.h"

/* noinline: each must keep its own frame, so the backtrace shows the whole chain. */
static __noinline void boot_test_panic_leaf(void)
{
	panic("test.panic: deliberate panic requested on the command line");
}

static __noinline void boot_test_panic_middle(void)
{
	boot_test_panic_leaf();
	barrier(); /* not a tail call: keep this frame on the stack */
}

static __noinline void boot_test_fault(void)
{
	*(volatile int *)KERNEL_HOLE_START = 1; /* never mapped: a page fault */
	barrier();
}

static volatile unsigned long recurse_limit = ~0ul; /* in effect unbounded */

/* Recursion with a frame too big to optimise away: walks down into the guard page. */
static __noinline int boot_test_recurse(volatile char *prev, unsigned long depth)
{
	volatile char frame[256];

	if (depth >= recurse_limit)
		return 0;
	frame[0] = prev ? prev[0] + 1 : 0;
	return boot_test_recurse(frame, depth + 1) + frame[1];
}

static int stack_hog(void *unused)
{
	return boot_test_recurse(NULL, 0);
}

/* A kernel thread overflows its stack: the guard page must turn that into a clear report. */
static void boot_test_task_stack_overflow(void)
{
	if (IS_ERR(kthread_run(stack_hog, NULL, "stack-hog")))
		panic("test.stack_overflow: cannot create the thread");
	for (;;)
		msleep(1000); /* the report ends the run */
}

void boot_test_hooks(void)
{
	if (cmdline_has("test.panic"))
		boot_test_panic_middle();
	if (cmdline_has("test.fault"))
		boot_test_fault();
	if (cmdline_has("test.stack_overflow"))
		boot_test_task_stack_overflow();
	if (cmdline_has("test.hang")) {
		pr_info("test.hang: stopping here on purpose\n");
		halt_forever();
	}
}
