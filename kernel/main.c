/* SPDX-License-Identifier: MIT */
/*
 * kmain: the boot story, top to bottom. Each step may use everything set up before it.
 */
#include "kernel/main.h"

#include <asm/cpu.h>
#include <asm/setup.h>

#include "kernel/bench/bench.h"
#include "kernel/boot_tests.h"
#include "kernel/cmdline.h"
#include "kernel/ktest/ktest.h"
#include "kernel/mm/mm.h"
#include "kernel/panic/kallsyms.h"
#include "kernel/panic/panic.h"
#include "kernel/printk/fbcon.h"
#include "kernel/printk/printk.h"
#include "kernel/rcu/rcu.h"
#include "kernel/sched/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/smp/smp.h"
#include "kernel/time/timer.h"
#include "kernel/workqueue/workqueue.h"

/*
 * The first task (pid 1): what runs once every CPU is up, with a scheduler to sleep in.
 */
static int kernel_init(void *unused)
{
	spawn_ksoftirqd();	  /* per-CPU threads that take over softirq floods */
	workqueue_init();	  /* system workqueues and their kworkers */
	boot_test_hooks();	  /* test.panic, test.hang: for the test harness's own tests */
	ktest_run_from_cmdline(); /* ktest=...: runs the suites and powers off */
	bench_run_from_cmdline(); /* bench=...: the same for benchmarks */

	pr_info("Trefoil is up. There is nothing to run yet (Ctrl-A X leaves QEMU).\n");
	return 0;
}

void kmain(struct boot_info *bi)
{
	boot_info = bi;
	cmdline_init(bi->cmdline);
	console_loglevel = (int)cmdline_ull("loglevel", CONSOLE_LOGLEVEL_DEFAULT);

	early_console_init(); /* printk reaches the serial port (and replays what came before) */
	pr_info("Trefoil: a teaching kernel for the three mm_struct counters\n");
	setup_arch();	     /* descriptor tables, exceptions, the boot clock */
	fbcon_init(&bi->fb); /* mirror the log on the screen, if there is one */
	boot_info_print(bi);
	mm_init(bi);	    /* page tables, page allocator, slab, vmalloc */
	init_IRQ();	    /* ACPI tables, interrupt controllers */
	timers_init();	    /* the TIMER softirq */
	rcu_init();	    /* the RCU softirq: grace periods and callbacks */
	time_init();	    /* the tick */
	sched_init();	    /* this boot context becomes CPU 0's idle task */
	local_irq_enable(); /* from here on interrupts arrive */
	smp_init();	    /* the other CPUs, each joining the scheduler */
	pr_info("kallsyms: %lu symbols\n", kallsyms_count());

	if (IS_ERR(kthread_run(kernel_init, NULL, "init")))
		panic("cannot create the init task");
	cpu_startup_entry(); /* CPU 0 idles from now on, like every other CPU */
}
