/* SPDX-License-Identifier: MIT */
#include "kernel/boot_tests.h"

#include <asm/cpu.h>
#include <asm/layout.h>

#include "kernel/cmdline.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/printk.h"

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

void boot_test_hooks(void)
{
	if (cmdline_has("test.panic"))
		boot_test_panic_middle();
	if (cmdline_has("test.fault"))
		boot_test_fault();
	if (cmdline_has("test.hang")) {
		pr_info("test.hang: stopping here on purpose\n");
		halt_forever();
	}
}
